package io.ttsgateway.cache;

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
    private static final HexFormat HEX = HexFormat.of();
    /** Cloned per key: cheaper than looking the algorithm up among the security providers each time. */
    private static final MessageDigest SHA_256 = sha256();
    private static final byte[] ABSENT = {-1, -1, -1, -1};

    /**
     * Validates.
     *
     * @param hex 64 lower-case hex digits
     */
    public CacheKey {
        if (hex == null || hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("cache key must be 64 hex digits");
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("cache key must be 64 hex digits");
            }
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
        MessageDigest digest = newDigest();
        byte[] length = new byte[4];
        update(digest, length, "tts-gateway-cache-v1");
        update(digest, length, provider);
        update(digest, length, model);
        update(digest, length, voice);
        if (settings.size() == 1) { // no order to establish
            Map.Entry<String, String> setting = settings.entrySet().iterator().next();
            update(digest, length, setting.getKey());
            update(digest, length, setting.getValue());
        } else if (!settings.isEmpty()) {
            for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
                update(digest, length, setting.getKey());
                update(digest, length, setting.getValue());
            }
        }
        update(digest, length, format);
        update(digest, length, text);
        return new CacheKey(HEX.formatHex(digest.digest()));
    }

    /** A field: its length in UTF-8 bytes (-1 for none) as a big-endian int, then the bytes. */
    private static void update(MessageDigest digest, byte[] length, String value) {
        if (value == null) {
            digest.update(ABSENT);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        length[0] = (byte) (bytes.length >>> 24);
        length[1] = (byte) (bytes.length >>> 16);
        length[2] = (byte) (bytes.length >>> 8);
        length[3] = (byte) bytes.length;
        digest.update(length);
        digest.update(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
