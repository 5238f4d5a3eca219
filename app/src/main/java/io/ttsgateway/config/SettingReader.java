package io.ttsgateway.config;

import io.helidon.config.Config;

import io.ttsgateway.provider.ConfigKey;
import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Typed access to the loaded configuration, for the gateway and the providers' factories alike;
 * every error is a {@link ConfigurationException} naming the environment variable.
 */
final class SettingReader implements ProviderConfig {

    private static final int MAX_PORT = 65_535;
    private final Config config;
    private ProviderTimeouts timeouts;

    SettingReader(Config config) {
        this.config = config;
    }

    @Override
    public String string(ConfigKey setting) {
        return config.get(setting.key()).asString().orElse(setting.defaultValue()).trim();
    }

    @Override
    public ConfigurationException error(String message) {
        return new ConfigurationException(message);
    }

    @Override
    public ProviderTimeouts timeouts() {
        if (timeouts == null) {
            timeouts = wrap(Setting.PROVIDER_CONNECT_TIMEOUT, () -> new ProviderTimeouts(
                    duration(Setting.PROVIDER_CONNECT_TIMEOUT),
                    duration(Setting.PROVIDER_FIRST_BYTE_TIMEOUT),
                    duration(Setting.PROVIDER_STALL_TIMEOUT)));
        }
        return timeouts;
    }

    int positiveInt(Setting setting) {
        int value = integer(setting);
        if (value <= 0) {
            throw invalid(setting, "must be positive");
        }
        return value;
    }

    /** A TCP port; 0 lets the system pick a free one (tests). */
    int port(Setting setting) {
        int value = integer(setting);
        if (value < 0 || value > MAX_PORT) {
            throw invalid(setting, "must be a TCP port, 1 to " + MAX_PORT + " (0: any free port)");
        }
        return value;
    }

    long nonNegativeLong(Setting setting) {
        long value = parse(setting, Long::parseLong);
        if (value < 0) {
            throw invalid(setting, "must not be negative");
        }
        return value;
    }

    int nonNegativeInt(Setting setting) {
        int value = integer(setting);
        if (value < 0) {
            throw invalid(setting, "must not be negative");
        }
        return value;
    }

    long positiveLong(Setting setting) {
        long value = parse(setting, Long::parseLong);
        if (value <= 0) {
            throw invalid(setting, "must be positive");
        }
        return value;
    }
}
