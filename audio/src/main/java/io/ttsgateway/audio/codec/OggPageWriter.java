package io.ttsgateway.audio.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the pages of one logical Ogg bitstream (RFC 3533). Each page holds whole packets only:
 * callers keep a page within {@link #MAX_SEGMENTS} lacing values, see {@link #segments(int)}.
 */
final class OggPageWriter {

    /** Lacing values a page can hold. */
    static final int MAX_SEGMENTS = 255;

    private static final byte[] CAPTURE = "OggS".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = 27;
    private static final int CRC_OFFSET = 22;
    private static final int FLAG_BOS = 0x02;
    private static final int FLAG_EOS = 0x04;
    private static final int LACING_MAX = 255;
    private static final int CRC_POLYNOMIAL = 0x04C11DB7;
    private static final int[] CRC_TABLE = crcTable();

    private final int serial;
    private int sequence;

    OggPageWriter(int serial) {
        this.serial = serial;
    }

    /**
     * Lacing values a packet takes.
     *
     * @param packetLength bytes in the packet
     * @return its segment count
     */
    static int segments(int packetLength) {
        return packetLength / LACING_MAX + 1;
    }

    /**
     * Writes one page; the first page of the stream is flagged beginning-of-stream.
     *
     * @param packets     whole packets, at most {@link #MAX_SEGMENTS} lacing values in all
     * @param granule     the granule position after the last packet
     * @param endOfStream whether this is the last page
     * @param out         where the page goes
     */
    void writePage(List<byte[]> packets, long granule, boolean endOfStream, ByteArrayOutputStream out) {
        int segmentCount = 0;
        int bodyLength = 0;
        for (byte[] packet : packets) {
            segmentCount += segments(packet.length);
            bodyLength += packet.length;
        }
        if (segmentCount > MAX_SEGMENTS) {
            throw new IllegalArgumentException("packets need " + segmentCount + " lacing values, a page holds " + MAX_SEGMENTS);
        }
        ByteBuffer page = ByteBuffer.allocate(HEADER_LENGTH + segmentCount + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        int flags = (sequence == 0 ? FLAG_BOS : 0) | (endOfStream ? FLAG_EOS : 0);
        page.put(CAPTURE).put((byte) 0).put((byte) flags).putLong(granule).putInt(serial).putInt(sequence++)
                .putInt(0).put((byte) segmentCount);
        for (byte[] packet : packets) {
            for (int left = packet.length; left >= 0; left -= LACING_MAX) {
                page.put((byte) Math.min(left, LACING_MAX));
            }
        }
        for (byte[] packet : packets) {
            page.put(packet);
        }
        byte[] bytes = page.array();
        page.putInt(CRC_OFFSET, crc(bytes));
        out.writeBytes(bytes);
    }

    private static int crc(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < table.length; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ CRC_POLYNOMIAL : r << 1;
            }
            table[i] = r;
        }
        return table;
    }
}
