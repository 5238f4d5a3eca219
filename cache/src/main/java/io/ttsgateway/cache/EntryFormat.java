package io.ttsgateway.cache;

/**
 * Layout of an entry file, all integers big-endian:
 * <pre>
 * header  : magic (int) | version (int) | payload length (long) | CRC-32C of payload (long) | chunk count (int)
 * payload : chunk count times ( chunk length (int) | chunk bytes )
 * </pre>
 * Chunk boundaries are kept so a hit streams in the same chunk sizes as the live synthesis did.
 * A {@link SharedTier} stores exactly these bytes, so an entry is verified the same way wherever it
 * came from.
 */
final class EntryFormat {

    static final int MAGIC = 0x54545341; // "TTSA"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 4 + 4 + 8 + 8 + 4;
    static final int CHUNK_PREFIX_BYTES = 4;
    static final String SUFFIX = ".audio";
    static final String TEMP_SUFFIX = ".part";
    static final String TEMP_DIRECTORY = "tmp";

    private EntryFormat() {
    }
}
