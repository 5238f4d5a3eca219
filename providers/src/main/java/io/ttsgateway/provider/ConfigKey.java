package io.ttsgateway.provider;

/** One configuration key: its names in {@code application.yaml} and the environment, its default, its secrecy. */
public interface ConfigKey {

    /** The dotted key, as written in {@code application.yaml}: {@code elevenlabs.api-key}. */
    String key();

    /** The environment variable that sets it: {@code ELEVENLABS_API_KEY}. */
    String environmentVariable();

    /** The value used when nothing sets it, possibly empty. */
    String defaultValue();

    /** Whether the value must never be logged or shown. */
    boolean secret();
}
