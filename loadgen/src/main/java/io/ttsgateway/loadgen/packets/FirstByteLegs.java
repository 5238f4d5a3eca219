package io.ttsgateway.loadgen.packets;

import io.ttsgateway.loadgen.http.ResponseHead;
import io.ttsgateway.loadgen.http.ResponseParser;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each speech request a capture shows reaching the gateway with the request the gateway sent
 * its provider for it (the same {@code input}: every text of a realtime round is new), and finds
 * the first body byte of both answers. A request answered from the cache, shared with an identical
 * one, or not answered 200 is left out; so is a direct request, which has no gateway leg.
 */
public final class FirstByteLegs {

    private static final byte[] POST = "POST ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT = "\"input\":\"".getBytes(StandardCharsets.US_ASCII);
    /** The part of an input that names a request: a realtime round's texts differ well before it. */
    private static final int KEY_BYTES = 80;

    private final Map<Long, List<Segment>> flows = new HashMap<>();
    private final int gatewayPort;

    private FirstByteLegs(List<Segment> segments, int gatewayPort) {
        this.gatewayPort = gatewayPort;
        for (Segment s : segments) {
            flows.computeIfAbsent(flow(s.source(), s.target()), k -> new ArrayList<>()).add(s);
        }
    }

    /**
     * The legs of every speech request through the gateway in a capture.
     *
     * @param segments    the capture's data segments, in capture order
     * @param gatewayPort the gateway's port
     * @return the requests, by when they reached the gateway
     */
    public static List<RequestLegs> of(List<Segment> segments, int gatewayPort) {
        return new FirstByteLegs(segments, gatewayPort).pair(segments);
    }

    private List<RequestLegs> pair(List<Segment> segments) {
        Map<String, List<Segment>> posts = new HashMap<>();
        for (Segment s : segments) {
            if (s.startsWith(POST)) {
                String key = inputKey(s);
                if (key != null) {
                    posts.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                }
            }
        }
        List<RequestLegs> legs = new ArrayList<>();
        for (List<Segment> same : posts.values()) {
            if (same.size() != 2 || same.get(0).target() != gatewayPort || same.get(1).target() == gatewayPort) {
                continue;
            }
            Segment client = same.get(0);
            Segment upstream = same.get(1);
            long providerAudio = firstBodyByte(upstream.target(), upstream.source(), upstream.nanos());
            long clientAudio = firstBodyByte(gatewayPort, client.source(), client.nanos());
            if (providerAudio >= upstream.nanos() && clientAudio >= providerAudio) {
                legs.add(new RequestLegs(client.nanos(), upstream.nanos() - client.nanos(),
                        providerAudio - upstream.nanos(), clientAudio - providerAudio));
            }
        }
        legs.sort(Comparator.comparingLong(RequestLegs::requestNanos));
        return legs;
    }

    /** The request's input, up to {@link #KEY_BYTES}, from its first segment; null without one. */
    private String inputKey(Segment post) {
        byte[] data = post.captured();
        int at = indexOf(data, INPUT);
        if (at < 0) {
            return null;
        }
        int from = at + INPUT.length;
        int to = from;
        while (to < data.length && to - from < KEY_BYTES && data[to] != '"') {
            to++;
        }
        return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * When the first byte after a 200 answer's head went from {@code source} to {@code target}, at
     * or after {@code after}; -1 when the capture does not show it.
     */
    private long firstBodyByte(int source, int target, long after) {
        List<Segment> flow = flows.get(flow(source, target));
        if (flow == null) {
            return -1;
        }
        ResponseParser parser = new ResponseParser();
        for (int k = 0; k < flow.size(); k++) {
            Segment s = flow.get(k);
            if (s.nanos() < after) {
                continue;
            }
            ByteBuffer data = ByteBuffer.wrap(s.captured());
            try {
                parser.feedHead(data);
            } catch (ProtocolException e) {
                return -1; // not an answer's head
            }
            ResponseHead head = parser.head();
            if (head != null) {
                if (head.status() != 200) {
                    return -1;
                }
                if (data.position() < s.length()) {
                    return s.nanos();
                }
                return k + 1 < flow.size() ? flow.get(k + 1).nanos() : -1;
            }
            if (s.captured().length < s.length()) {
                return -1; // the head goes on past what the capture kept
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, byte[] wanted) {
        outer:
        for (int i = 0; i <= data.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (data[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long flow(int source, int target) {
        return ((long) source << 16) | target;
    }
}
