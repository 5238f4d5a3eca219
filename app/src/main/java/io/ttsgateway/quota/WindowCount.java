package io.ttsgateway.quota;

/**
 * The characters one key used in one window, as kept across a restart.
 *
 * @param key        the key's name
 * @param window     the kind of window
 * @param index      which window ({@link QuotaWindow#index})
 * @param characters characters charged in it
 */
public record WindowCount(String key, QuotaWindow window, long index, long characters) {
}
