package io.ttsgateway.provider;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/** The configuration as a {@link ProviderFactory} reads it; errors name the variable to fix, secrets hidden. */
public interface ProviderConfig {

    /** A setting's value, trimmed, or its default when nothing sets it. */
    String string(ConfigKey setting);

    /** The error the gateway reports at startup: what is wrong and which variable fixes it, in one line. */
    RuntimeException error(String message);

    /** The timeouts shared by every cloud provider ({@code PROVIDER_CONNECT_TIMEOUT} and its siblings). */
    ProviderTimeouts timeouts();

    /** An error naming a setting, its value (unless secret) and its default. */
    default RuntimeException invalid(ConfigKey setting, String why) {
        String shown = setting.secret() ? "(hidden)" : "'" + string(setting) + "'";
        return error(setting.environmentVariable() + " (" + setting.key() + ") = " + shown + " " + why
                             + "; default is '" + setting.defaultValue() + "'");
    }

    /** Whether a setting has a non-empty value. */
    default boolean isSet(ConfigKey setting) {
        return !string(setting).isEmpty();
    }

    /** A value that must not be empty. */
    default String required(ConfigKey setting) {
        String value = string(setting);
        if (value.isEmpty()) {
            throw invalid(setting, "must not be empty");
        }
        return value;
    }

    /** A value parsed, any parse failure reported as {@link #invalid}. */
    default <T> T parse(ConfigKey setting, Function<String, T> parser) {
        return parse(setting, parser, "cannot be parsed");
    }

    /** A value parsed, any parse failure reported as {@link #invalid} saying why. */
    default <T> T parse(ConfigKey setting, Function<String, T> parser, String why) {
        String value = string(setting);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw invalid(setting, why);
        }
    }

    /** An integer. */
    default int integer(ConfigKey setting) {
        return parse(setting, Integer::parseInt);
    }

    /** {@code true} or {@code false}, in any case. */
    default boolean bool(ConfigKey setting) {
        String value = string(setting);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(setting, "must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** An ISO-8601 duration, not negative. */
    default Duration duration(ConfigKey setting) {
        Duration value = parse(setting, Duration::parse);
        if (value.isNegative()) {
            throw invalid(setting, "must not be negative");
        }
        return value;
    }

    /** A number from 0 to 1. */
    default double unit(ConfigKey setting) {
        double value = parse(setting, Double::parseDouble, "is not a number");
        if (!(value >= 0 && value <= 1)) {
            throw invalid(setting, "must be between 0 and 1");
        }
        return value;
    }

    /** Builds a value from a group of settings, an IllegalArgumentException reported as the group's error. */
    default <T> T wrap(ConfigKey setting, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw error("invalid " + setting.environmentVariable() + " group: " + e.getMessage());
        }
    }
}
