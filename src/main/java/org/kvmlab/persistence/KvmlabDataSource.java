package org.kvmlab.persistence;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.kvmlab.config.KvmlabConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The platform's database, chosen by URL: H2 in a file under the data folder by default, PostgreSQL when
 * KVMLAB_DB_URL says {@code jdbc:postgresql:…}. Payara pools connections from it (see
 * {@link org.kvmlab.platform.PlatformStartup}'s data source definition).
 */
public class KvmlabDataSource implements DataSource {

    private volatile DataSource delegate;
    private PrintWriter logWriter;
    private int loginTimeout;

    /**
     * The URL of the embedded default database for a data folder. {@code WRITE_DELAY=0} writes every commit
     * to disk before it returns: with H2's default (500 ms) a crash of the platform lost the last moments of
     * committed work, such as a Check recorded just before a {@code kill -9}.
     */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("kvmlab").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    private DataSource delegate() throws SQLException {
        DataSource ds = delegate;
        if (ds == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = create();
                }
                ds = delegate;
            }
        }
        return ds;
    }

    private static DataSource create() throws SQLException {
        // Payara creates this class itself, so it reads the settings directly rather than by injection
        String url = KvmlabConfig.value("KVMLAB_DB_URL").orElseGet(() -> defaultUrl(new KvmlabConfig().dataDir()));
        String user = KvmlabConfig.value("KVMLAB_DB_USER").orElse(url.startsWith("jdbc:h2:") ? "sa" : "kvmlab");
        String password = KvmlabConfig.value("KVMLAB_DB_PASSWORD").orElse("");
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            return pg;
        }
        throw new SQLException("KVMLAB_DB_URL must start with jdbc:h2: or jdbc:postgresql:");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate().isWrapperFor(iface);
    }
}
