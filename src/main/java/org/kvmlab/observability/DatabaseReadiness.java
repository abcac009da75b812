package org.kvmlab.observability;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** The database answers a trivial query within a few seconds. */
@ApplicationScoped
public class DatabaseReadiness implements ReadinessSource {

    static final int QUERY_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:app/jdbc/kvmlab")
    DataSource dataSource;

    @Override
    public List<Component> components() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            var meta = connection.getMetaData();
            return List.of(new Component("database", true, meta.getDatabaseProductName() + " "
                    + meta.getDatabaseProductVersion()));
        } catch (SQLException | RuntimeException e) {
            return List.of(new Component("database", false, "SELECT 1 failed: " + e.getMessage()));
        }
    }
}
