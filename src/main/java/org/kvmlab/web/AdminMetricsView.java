package org.kvmlab.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.util.List;
import org.kvmlab.observability.KvmlabMetrics;
import org.kvmlab.observability.MetricsCharts;
import org.kvmlab.observability.MetricsHistory;
import org.kvmlab.observability.Readiness;
import org.kvmlab.observability.ReadinessSource;

/** The admin's capacity page: the last hour's charts and whether each part of the platform is up. */
@Named
@ViewScoped
public class AdminMetricsView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient MetricsHistory history;

    @Inject
    transient Readiness readiness;

    private transient MetricsCharts charts;
    private transient List<ReadinessSource.Component> components;

    /** The page polls this every 10 s: the next render reads the history and the components anew. */
    public void refresh() {
        charts = null;
        components = null;
    }

    private MetricsCharts charts() {
        if (charts == null) {
            charts = new MetricsCharts(history, ZoneOffset.UTC);
        }
        return charts;
    }

    public List<ReadinessSource.Component> getComponents() {
        if (components == null) {
            components = readiness.components();
        }
        return components;
    }

    public String getBootsPerMinute() {
        return charts().bootsPerMinute();
    }

    public String getBootTimes() {
        return charts().bootTimes();
    }

    public String getQueueLength() {
        return charts().gauge(KvmlabMetrics.QUEUE_LENGTH);
    }

    public String getPoolSizes() {
        return charts().gauge(KvmlabMetrics.POOL_SIZE);
    }

    public String getSessionsPerHost() {
        return charts().gauge(KvmlabMetrics.SESSIONS);
    }

    public String getGradingLatency() {
        return charts().gradingLatency();
    }
}
