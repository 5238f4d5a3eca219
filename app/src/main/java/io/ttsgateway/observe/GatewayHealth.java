package io.ttsgateway.observe;

import java.util.function.BooleanSupplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Health checks: ready once the default provider is warmed up (others warm in the background) and
 * while the server is not draining; live unless the default provider failed to start.
 */
public final class GatewayHealth {

    private GatewayHealth() {
    }

    /**
     * The readiness check.
     *
     * @param provider     the default provider's name, shown in details
     * @param providerUp   whether the default provider is warmed up
     * @param draining     whether the server is shutting down
     * @return the check
     */
    public static HealthCheck readiness(String provider, BooleanSupplier providerUp, BooleanSupplier draining) {
        return check("tts-ready", HealthCheckType.READINESS, () -> HealthCheckResponse.builder()
                .status(providerUp.getAsBoolean() && !draining.getAsBoolean())
                .detail("provider", provider)
                .detail("warmedUp", providerUp.getAsBoolean())
                .detail("draining", draining.getAsBoolean())
                .build());
    }

    /**
     * The liveness check.
     *
     * @param providerFailed whether the provider failed to initialize
     * @return the check
     */
    public static HealthCheck liveness(BooleanSupplier providerFailed) {
        return check("tts-live", HealthCheckType.LIVENESS, () -> HealthCheckResponse.builder()
                .status(!providerFailed.getAsBoolean())
                .build());
    }

    private static HealthCheck check(String name, HealthCheckType type,
                                     java.util.function.Supplier<HealthCheckResponse> call) {
        return new HealthCheck() {
            @Override
            public HealthCheckResponse call() {
                return call.get();
            }

            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
