package org.kvmlab.websecurity;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An exception during an ajax request answers with our own error page in place of the whole page, instead of
 * the JSF implementation's answer, which names the exception's class. A view that expired (or a view state
 * that was never ours) gets the "expired" page; anything else the general one, and a full entry in the
 * server log. Requests that are not ajax go on to the web.xml error pages as before. Written by hand because
 * OmniFaces' FullAjaxExceptionHandler renders only Facelets error pages, and ours are plain HTML, so they
 * still show when JSF itself is what failed.
 */
public class QuietAjaxExceptionHandler extends ExceptionHandlerWrapper {

    private static final Logger LOG = Logger.getLogger(QuietAjaxExceptionHandler.class.getName());
    private static final String EXPIRED_PAGE = "/WEB-INF/errors/expired.html";
    private static final String ERROR_PAGE = "/WEB-INF/errors/500.html";

    public QuietAjaxExceptionHandler(ExceptionHandler wrapped) {
        super(wrapped);
    }

    @Override
    public void handle() {
        FacesContext faces = FacesContext.getCurrentInstance();
        Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
        if (faces == null || !events.hasNext() || !faces.getPartialViewContext().isAjaxRequest()) {
            getWrapped().handle();
            return;
        }
        boolean expired = false;
        while (events.hasNext()) {
            Throwable error = events.next().getContext().getException();
            events.remove();
            if (causedBy(error, ViewExpiredException.class)) {
                expired = true;
                LOG.fine(() -> "ajax request on an expired or unknown view: " + error.getMessage());
            } else {
                LOG.log(Level.SEVERE, "ajax request failed", error);
            }
        }
        replacePage(faces, expired ? EXPIRED_PAGE : ERROR_PAGE);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A partial response that replaces the whole page with one of our static error pages. */
    private static void replacePage(FacesContext faces, String page) {
        ExternalContext external = faces.getExternalContext();
        if (external.isResponseCommitted()) {
            LOG.warning("the ajax response was already partly sent; its error cannot be shown");
            faces.responseComplete();
            return;
        }
        try (InputStream in = external.getResourceAsStream(page)) {
            String html = in == null ? "<p>Something went wrong. Reload the page.</p>"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // the body only: the security headers set before JSF ran stay
            ((HttpServletResponse) external.getResponse()).resetBuffer();
            external.setResponseContentType("text/xml");
            external.setResponseCharacterEncoding("UTF-8");
            external.getResponseOutputWriter().write("<?xml version='1.0' encoding='UTF-8'?><partial-response>"
                    + "<changes><update id=\"jakarta.faces.ViewRoot\"><![CDATA[" + html.replace("]]>", "")
                    + "]]></update></changes></partial-response>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        faces.responseComplete();
    }
}
