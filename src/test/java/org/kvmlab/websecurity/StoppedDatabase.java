package org.kvmlab.websecurity;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.kvmlab.persistence.KvmlabDataSource;

/**
 * The embedded database of a stopped platform, read directly: what the platform stored, not what it says.
 * Only while the server is stopped (H2 lets one process open the file).
 */
final class StoppedDatabase {

    private StoppedDatabase() {
    }

    /** Every row of the query, each value as text (timestamps as UTC instants). */
    static List<List<String>> rows(Path dataDir, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(KvmlabDataSource.defaultUrl(dataDir), "sa", "");
             Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    Object value = result.getObject(c);
                    row.add(value instanceof OffsetDateTime t ? t.toInstant().toString() : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
