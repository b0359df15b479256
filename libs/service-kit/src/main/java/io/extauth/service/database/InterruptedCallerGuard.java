package io.extauth.service.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The services' data source as the code sees it, when their sockets are {@link ChannelSocketFactory}'s: a thread
 * whose interrupt is set is refused a connection at once ({@link SQLTransientConnectionException}), and the pool is not
 * asked. The first I/O of such a thread on a channel closes the channel, and HikariCP checks a connection that has been
 * idle for more than half a second with a statement before it hands it out: asked by that thread, it would close one
 * idle connection after another (each check fails, it tries the next). Refused here, the thread fails alone and the
 * pool keeps its connections. A thread interrupted while it already holds a connection closes that one only.
 * Closing closes the pool.
 */
final class InterruptedCallerGuard extends DelegatingDataSource implements AutoCloseable {

    InterruptedCallerGuard(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseAnInterruptedThread();
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseAnInterruptedThread();
        return super.getConnection(username, password);
    }

    /** Closes the pool it guards, as the container would have closed the pool itself. */
    @Override
    public void close() throws Exception {
        if (obtainTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private static void refuseAnInterruptedThread() throws SQLException {
        if (Thread.currentThread().isInterrupted()) {
            throw new SQLTransientConnectionException("this thread is interrupted: no database connection is taken "
                    + "for it", "08001");
        }
    }
}
