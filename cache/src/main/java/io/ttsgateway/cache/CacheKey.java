package io.ttsgateway.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The address of a cache entry: SHA-256 over everything that changes the audio.
 *
 * @param hex 64 lower-case hex digits
 */
public record CacheKey(String hex) {

    private static final int HEX_LENGTH = 64;

    /**
     * Validates.
     *
     * @param hex 64 lower-case hex digits
     */
    public CacheKey {
        if (hex == null || hex.length() != HEX_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("cache key must be 64 hex digits");
        }
    }

    /**
     * Computes the key of one synthesis. Fields are length-prefixed, so no two different inputs can
     * be concatenated into the same bytes; settings are taken in key order, so map order does not matter.
     *
     * @param provider provider name
     * @param model    model, or {@code null}
     * @param voice    voice, or {@code null}
     * @param settings provider settings that change the audio
     * @param format   audio format name, for example {@code pcm_24000}
     * @param text     the exact text spoken
     * @return the key
     */
    public static CacheKey of(String provider, String model, String voice, Map<String, String> settings,
                              String format, String text) {
        MessageDigest digest = sha256();
        update(digest, "tts-gateway-cache-v1");
        update(digest, provider);
        update(digest, model);
        update(digest, voice);
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            update(digest, setting.getKey());
            update(digest, setting.getValue());
        }
        update(digest, format);
        update(digest, text);
        return new CacheKey(HexFormat.of().formatHex(digest.digest()));
    }

    private static void update(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
