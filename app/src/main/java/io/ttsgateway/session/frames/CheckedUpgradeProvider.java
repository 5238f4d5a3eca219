package io.ttsgateway.session.frames;

import io.helidon.common.Weight;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgradeProvider;

/**
 * The WebSocket upgrade with checked frames ({@link CheckedUpgrader}), in place of Helidon's: the
 * service loader lists it first (its weight is above the default), and Helidon keeps the first
 * upgrader of each protocol. Configured like Helidon's ({@code server.protocols.websocket}).
 */
@Weight(CheckedUpgradeProvider.WEIGHT)
public final class CheckedUpgradeProvider implements Http1UpgradeProvider<WsConfig> {

    /** Above {@link io.helidon.common.Weighted#DEFAULT_WEIGHT}, which Helidon's provider has. */
    static final double WEIGHT = 200;

    private final WsUpgradeProvider helidon = new WsUpgradeProvider();

    /** For the service loader. */
    public CheckedUpgradeProvider() {
    }

    @Override
    public String protocolType() {
        return helidon.protocolType();
    }

    @Override
    public Class<WsConfig> protocolConfigType() {
        return helidon.protocolConfigType();
    }

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        Http1Upgrader upgrader = helidon.create(config, configs);
        if (upgrader instanceof Http1RoutedUpgrader routed) {
            return new CheckedUpgrader(routed, config.maxFrameLength(), config.origins().isEmpty());
        }
        throw new IllegalStateException("Helidon's WebSocket upgrader is no longer routed: " + upgrader.getClass());
    }
}
