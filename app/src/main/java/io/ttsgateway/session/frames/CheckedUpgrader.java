package io.ttsgateway.session.frames;

import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;

/**
 * Helidon's WebSocket upgrade (routing, the listener's {@code onHttpUpgrade}, the handshake),
 * handing the connection a {@link CheckedContext} and running it as a {@link CheckedConnection}.
 *
 * <p>Origins: with {@code server.protocols.websocket.origins} set, Helidon refuses an upgrade from
 * any other origin (403). With it empty, Helidon 4.5 refuses an {@code Origin} that differs from
 * the {@code Host}; the gateway leaves that to its listener instead ({@code ALLOWED_ORIGINS}:
 * a list, {@code *}, or unset the same rule): Helidon is not shown the {@code Origin}, which the
 * listener finds as {@link #ORIGIN}.
 */
public final class CheckedUpgrader implements Http1RoutedUpgrader {

    /** The upgrade's {@code Origin}, when Helidon is not to check it; a client's own header of this name is dropped. */
    public static final HeaderName ORIGIN = HeaderNames.create("X-Gateway-Checked-Origin");

    private final Http1RoutedUpgrader helidon;
    private final long maxFrameLength;
    private final boolean anyOrigin;

    CheckedUpgrader(Http1RoutedUpgrader helidon, long maxFrameLength, boolean anyOrigin) {
        this.helidon = helidon;
        this.maxFrameLength = maxFrameLength;
        this.anyOrigin = anyOrigin;
    }

    @Override
    public String supportedProtocol() {
        return helidon.supportedProtocol();
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                      WritableHeaders<?> headers) {
        CheckedContext context = new CheckedContext(ctx, maxFrameLength);
        headers.remove(ORIGIN);
        if (anyOrigin) {
            headers.first(HeaderNames.ORIGIN).ifPresent(origin -> {
                headers.remove(HeaderNames.ORIGIN);
                headers.set(ORIGIN, origin);
            });
        }
        Optional<Http1RoutedUpgrade> prepared = helidon.routedUpgrade(context, prologue, headers);
        return prepared.map(upgrade -> (response, requestHeaders) -> checked(upgrade.upgrade(response, requestHeaders),
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
