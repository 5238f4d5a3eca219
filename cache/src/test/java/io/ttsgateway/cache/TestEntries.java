package io.ttsgateway.cache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;

/** Keys and audio bytes for cache tests. */
public final class TestEntries {

    private TestEntries() {
    }

    /**
     * The key of a text with fixed provider options.
     *
     * @param text the text
     * @return its key
     */
    public static CacheKey key(String text) {
        return CacheKey.of("test", null, null, Map.of(), "pcm_24000", text);
    }

    /**
     * Bytes that differ by position and seed, so swapped or shifted chunks are noticed.
     *
     * @param length how many
     * @param seed   varies the pattern
     * @return the bytes
     */
    public static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /**
     * Flips one bit of a file in place, as a disk or a careless hand might.
     *
     * @param file     the file
     * @param position where
     * @throws IOException when it cannot be written
     */
    public static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x40);
        }
    }
}
