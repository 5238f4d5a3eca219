package io.ttsgateway.loadgen.packets;

/**
 * One speech request through the gateway, its first byte cut into legs by packet times.
 *
 * @param requestNanos when the client's request reached the gateway (the capture's clock)
 * @param gatewayIn    the client's request to the gateway's request to the provider
 * @param provider     the gateway's request to the provider's first audio
 * @param gatewayOut   the provider's first audio to the gateway's first audio to the client
 */
public record RequestLegs(long requestNanos, long gatewayIn, long provider, long gatewayOut) {

    /**
     * The gateway's own part of the first byte: both its legs, not the provider's.
     *
     * @return nanoseconds
     */
    public long own() {
        return gatewayIn + gatewayOut;
    }
}
