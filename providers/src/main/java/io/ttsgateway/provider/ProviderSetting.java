package io.ttsgateway.provider;

/**
 * A setting a provider declares for itself; the gateway maps its environment variable into the
 * configuration and documents it.
 *
 * @param key                 dotted key, as in {@code application.yaml}
 * @param environmentVariable the variable that sets it
 * @param defaultValue        value when nothing sets it, possibly empty
 * @param secret              whether the value is never shown
 * @param description         one line for the configuration document
 */
public record ProviderSetting(String key, String environmentVariable, String defaultValue, boolean secret,
                              String description) implements ConfigKey {

    /** A setting whose value may be shown. */
    public static ProviderSetting of(String key, String environmentVariable, String defaultValue,
                                     String description) {
        return new ProviderSetting(key, environmentVariable, defaultValue, false, description);
    }

    /** A secret without default, such as an API key. */
    public static ProviderSetting secret(String key, String environmentVariable, String description) {
        return new ProviderSetting(key, environmentVariable, "", true, description);
    }
}
