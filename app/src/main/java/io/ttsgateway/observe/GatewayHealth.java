package io.ttsgateway.observe;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
     * The readiness check. Its details show each provider's circuit breaker ({@code breaker.<provider>}:
     * {@code closed}, {@code half_open} or {@code open}), which never makes it DOWN: an open breaker is
     * the provider's outage, which every replica shares, and its requests still have their fallback.
     *
     * @param provider     the default provider's name, shown in details
     * @param providerUp   whether the default provider is warmed up
     * @param draining     whether the server is shutting down
     * @param breakers     each provider's breaker state by provider name; empty when breakers are off
     * @return the check
     */
    public static HealthCheck readiness(String provider, BooleanSupplier providerUp, BooleanSupplier draining,
                                        Supplier<Map<String, String>> breakers) {
        return check("tts-ready", HealthCheckType.READINESS, () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                    .status(providerUp.getAsBoolean() && !draining.getAsBoolean())
                    .detail("provider", provider)
                    .detail("warmedUp", providerUp.getAsBoolean())
                    .detail("draining", draining.getAsBoolean());
            breakers.get().forEach((name, state) -> response.detail("breaker." + name, state));
            return response.build();
        });
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
                                     Supplier<HealthCheckResponse> call) {
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
