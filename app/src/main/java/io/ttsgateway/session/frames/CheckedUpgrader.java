package io.ttsgateway.session.frames;

import java.util.Optional;

import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;

/**
 * Helidon's WebSocket upgrade, unchanged (routing, origins, the listener's {@code onHttpUpgrade},
 * the handshake), handing the connection a {@link CheckedContext} and running it as a
 * {@link CheckedConnection}.
 */
final class CheckedUpgrader implements Http1RoutedUpgrader {

    private final Http1RoutedUpgrader helidon;
    private final long maxFrameLength;

    CheckedUpgrader(Http1RoutedUpgrader helidon, long maxFrameLength) {
        this.helidon = helidon;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public String supportedProtocol() {
        return helidon.supportedProtocol();
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                      WritableHeaders<?> headers) {
        CheckedContext context = new CheckedContext(ctx, maxFrameLength);
        return helidon.routedUpgrade(context, prologue, headers)
                .map(upgrade -> (response, requestHeaders) -> checked(upgrade.upgrade(response, requestHeaders),
                                                                       context));
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        CheckedContext context = new CheckedContext(ctx, maxFrameLength);
        ServerConnection connection = helidon.upgrade(context, prologue, headers);
        return connection == null ? null : new CheckedConnection(connection, context);
    }

    private static Http1UpgradeResult checked(Http1UpgradeResult result, CheckedContext context) {
        return result.kind() == Http1UpgradeResult.Kind.UPGRADED
                ? Http1UpgradeResult.upgraded(new CheckedConnection(result.connection().orElseThrow(), context))
                : result;
    }
}
