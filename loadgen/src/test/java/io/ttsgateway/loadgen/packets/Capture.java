package io.ttsgateway.loadgen.packets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes a pcap file of TCP segments over loopback, as tcpdump would capture them. */
final class Capture {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nanos;
    private final int link;
    private final int snap;

    private Capture(ByteOrder order, boolean nanos, int link, int snap) {
        this.order = order;
        this.nanos = nanos;
        this.link = link;
        this.snap = snap;
        ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snap).putInt(link);
        out.writeBytes(header.array());
    }

    /** Ethernet frames of IPv4, little-endian, microseconds: tcpdump -i lo on Linux. */
    static Capture loopback(int snap) {
        return new Capture(ByteOrder.LITTLE_ENDIAN, false, 1, snap);
    }

    /** Raw IPv6 packets, big-endian, nanoseconds. */
    static Capture rawIpv6() {
        return new Capture(ByteOrder.BIG_ENDIAN, true, 101, 65535);
    }

    Capture segment(double millis, int source, int target, String data) {
        return segment(millis, source, target, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    Capture segment(double millis, int source, int target, byte[] data) {
        boolean v6 = link == 101;
        int ipHeader = v6 ? 40 : 20;
        ByteBuffer packet = ByteBuffer.allocate((v6 ? 0 : 14) + ipHeader + 20 + data.length);
        if (!v6) {
            packet.put(new byte[12]).putShort((short) 0x0800);
            packet.put((byte) 0x45).put((byte) 0).putShort((short) (ipHeader + 20 + data.length)).putInt(0)
                    .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
        } else {
            packet.putInt(0x60000000).putShort((short) (20 + data.length)).put((byte) 6).put((byte) 64)
                    .put(new byte[32]);
        }
        packet.putShort((short) source).putShort((short) target).putInt(1).putInt(1).put((byte) 0x50)
                .put((byte) 0x18).putShort((short) 512).putInt(0);
        packet.put(data);
        byte[] frame = packet.array();
        int kept = Math.min(frame.length, snap);
        long micros = Math.round(millis * 1000);
        ByteBuffer record = ByteBuffer.allocate(16).order(order);
        record.putInt((int) (1_800_000_000L + micros / 1_000_000))
                .putInt((int) (nanos ? micros % 1_000_000 * 1000 : micros % 1_000_000)).putInt(kept).putInt(frame.length);
        out.writeBytes(record.array());
        out.write(frame, 0, kept);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
