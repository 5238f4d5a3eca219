package io.ttsgateway.loadgen.packets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TCP segments with data in a classic pcap file (tcpdump's {@code -w}), over IPv4 or IPv6, from
 * an Ethernet, Linux cooked, BSD loopback or raw IP capture.
 */
public final class PcapFile {

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int LINK_NULL = 0;
    private static final int LINK_ETHERNET = 1;
    private static final int LINK_RAW = 101;
    private static final int LINK_LINUX_SLL = 113;
    private static final int LINK_LINUX_SLL2 = 276;
    private static final int PROTOCOL_TCP = 6;
    /** Larger records are not a capture of this machine's traffic: the file is damaged. */
    private static final int MAX_RECORD = 1 << 18;

    private PcapFile() {
    }

    /**
     * Reads a capture.
     *
     * @param file the pcap file
     * @return its data segments, in capture order
     * @throws IOException when it cannot be read or is not a classic pcap file
     */
    public static List<Segment> read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in);
        }
    }

    static List<Segment> read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        ByteBuffer header = ByteBuffer.wrap(in.readNBytes(GLOBAL_HEADER));
        if (header.limit() < GLOBAL_HEADER) {
            throw new IOException("not a pcap file: shorter than its header");
        }
        int magic = header.getInt(0);
        if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
            header.order(ByteOrder.LITTLE_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            throw new IOException("not a classic pcap file (pcapng is not read; capture with tcpdump -w)");
        }
        long fraction = magic == MAGIC_NANOS ? 1 : 1_000;
        int link = header.getInt(20);
        List<Segment> segments = new ArrayList<>();
        byte[] recordHeader = new byte[RECORD_HEADER];
        ByteBuffer record = ByteBuffer.wrap(recordHeader).order(header.order());
        while (true) {
            try {
                in.readFully(recordHeader);
            } catch (EOFException e) {
                return segments; // the end, or a record cut short by a stopped capture
            }
            long nanos = (record.getInt(0) & 0xffffffffL) * 1_000_000_000L + (record.getInt(4) & 0xffffffffL) * fraction;
            int captured = record.getInt(8);
            if (captured < 0 || captured > MAX_RECORD) {
                throw new IOException("damaged pcap file: a record of " + captured + " bytes");
            }
            byte[] frame = new byte[captured];
            try {
                in.readFully(frame);
            } catch (EOFException e) {
                return segments;
            }
            Segment segment = segment(nanos, frame, linkHeader(link, frame));
            if (segment != null) {
                segments.add(segment);
            }
        }
    }

    /** Where the IP packet starts in a frame of this link type. */
    private static int linkHeader(int link, byte[] frame) throws IOException {
        return switch (link) {
            case LINK_ETHERNET -> 14;
            case LINK_LINUX_SLL -> 16;
            case LINK_LINUX_SLL2 -> 20;
            case LINK_NULL -> 4;
            case LINK_RAW -> 0;
            default -> throw new IOException("a capture of link type " + link + " is not read; capture on lo");
        };
    }

    /** The TCP data segment in an IP packet at {@code at}, or null for anything else. */
    private static Segment segment(long nanos, byte[] frame, int at) {
        if (frame.length < at + 1) {
            return null;
        }
        ByteBuffer ip = ByteBuffer.wrap(frame, at, frame.length - at).slice();
        int version = (ip.get(0) & 0xff) >> 4;
        int tcpAt;
        int ipLength;
        if (version == 4 && ip.limit() >= 20) {
            if (ip.get(9) != PROTOCOL_TCP) {
                return null;
            }
            tcpAt = (ip.get(0) & 0x0f) * 4;
            ipLength = ip.getShort(2) & 0xffff;
        } else if (version == 6 && ip.limit() >= 40) {
            if (ip.get(6) != PROTOCOL_TCP) {
                return null; // extension headers do not occur on loopback TCP
            }
            tcpAt = 40;
            ipLength = 40 + (ip.getShort(4) & 0xffff);
        } else {
            return null;
        }
        if (ip.limit() < tcpAt + 20) {
            return null;
        }
        int dataAt = tcpAt + ((ip.get(tcpAt + 12) & 0xf0) >> 4) * 4;
        int length = ipLength - dataAt;
        if (length <= 0) {
            return null;
        }
        int source = ip.getShort(tcpAt) & 0xffff;
        int target = ip.getShort(tcpAt + 2) & 0xffff;
        int kept = Math.max(0, Math.min(length, ip.limit() - dataAt));
        byte[] captured = Arrays.copyOfRange(frame, at + dataAt, at + dataAt + kept);
        return new Segment(nanos, source, target, length, captured);
    }
}
