package io.ttsgateway.session.frames;

import java.time.Duration;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.spi.ServerConnection;

/**
 * Helidon's WebSocket connection, run so that its {@link CheckedContext} learns when it ends:
 * Helidon calls no listener method when the peer vanishes or a frame is refused.
 */
final class CheckedConnection implements ServerConnection {

    private final ServerConnection connection;
    private final CheckedContext context;

    CheckedConnection(ServerConnection connection, CheckedContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            connection.handle(limit); // returns or throws when the connection is over
        } finally {
            context.closed();
        }
    }

    @Override
    public Duration idleTime() {
        return connection.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        connection.close(interrupt);
    }
}
