package org.kvmlab.websecurity;

import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;

/** Installs {@link QuietAjaxExceptionHandler} around the JSF implementation's handler (faces-config.xml). */
public class QuietAjaxExceptionHandlerFactory extends ExceptionHandlerFactory {

    public QuietAjaxExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new QuietAjaxExceptionHandler(getWrapped().getExceptionHandler());
    }
}
