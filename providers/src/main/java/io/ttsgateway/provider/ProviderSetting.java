package io.ttsgateway.provider;

/** A setting a provider declares, which the gateway maps from the environment and documents in one line. */
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
