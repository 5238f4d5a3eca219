package io.ttsgateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a key, which is all the gateway keeps of a key: key files hold it, in lowercase
 * hex (what {@code scripts/hash-key.sh} and {@code sha256sum} print for the key's UTF-8 bytes).
 */
public final class KeyHash {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX_FORMAT = HexFormat.of();
    /** Cloned per key (every request presents one): cheaper than looking the algorithm up each time. */
    private static final MessageDigest SHA_256 = sha256();

    private KeyHash() {
    }

    /**
     * The digest of a key.
     *
     * @param key the key
     * @return 32 bytes
     */
    public static byte[] digest(String key) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return digest.digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest of a key in lowercase hex.
     *
     * @param key the key
     * @return 64 hex digits
     */
    public static String hex(String key) {
        return HEX_FORMAT.formatHex(digest(key));
    }

    /**
     * Whether a text is a digest as {@link #hex} writes it.
     *
     * @param text the text
     * @return true for 64 lowercase hex digits
     */
    public static boolean isHex(String text) {
        return HEX.matcher(text).matches();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
