package io.ttsgateway.loadgen.packets;

import io.ttsgateway.loadgen.Percentiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code tts-loadgen packets CAPTURE.pcap GATEWAY_PORT [STREAMS]}: each burst of requests in a
 * loopback capture, with the gateway's own part of their first byte apart from the provider's.
 * With STREAMS, only bursts of exactly that many requests (a realtime round, not its warm-up).
 */
public final class PacketsMain {

    /** Requests further apart than this start a new burst: a round's start together within it. */
    static final long BURST_GAP_NANOS = 500_000_000L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private PacketsMain() {
    }

    /**
     * Runs the command.
     *
     * @param args the capture, the gateway's port, optionally the burst size
     * @return the exit status
     */
    public static int run(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: tts-loadgen packets CAPTURE.pcap GATEWAY_PORT [STREAMS]");
            return 2;
        }
        int port;
        int streams;
        try {
            port = Integer.parseInt(args[1]);
            streams = args.length == 3 ? Integer.parseInt(args[2]) : 0;
        } catch (NumberFormatException e) {
            System.err.println("tts-loadgen packets: not a number: " + e.getMessage());
            return 2;
        }
        List<RequestLegs> legs;
        try {
            legs = FirstByteLegs.of(PcapFile.read(Path.of(args[0])), port);
        } catch (IOException e) {
            System.err.println("tts-loadgen packets: cannot read " + args[0] + ": " + e.getMessage());
            return 1;
        }
        print(legs, streams, System.out);
        return 0;
    }

    /**
     * Prints the bursts of {@code legs}.
     *
     * @param legs    the requests, by when they reached the gateway
     * @param streams only bursts of this many requests, or 0 for all
     * @param out     where to
     */
    static void print(List<RequestLegs> legs, int streams, PrintStream out) {
        List<List<RequestLegs>> bursts = bursts(legs);
        int shown = 0;
        for (List<RequestLegs> burst : bursts) {
            if (streams == 0 || burst.size() == streams) {
                out.println("  packets, a burst of " + burst.size() + " requests at " + at(burst.getFirst())
                        + ": " + describe(burst));
                shown++;
            }
        }
        if (shown == 0) {
            out.println("  packets: no burst of " + (streams == 0 ? "requests" : streams + " requests")
                    + " through the gateway in the capture (" + legs.size() + " requests paired)");
        }
    }

    static List<List<RequestLegs>> bursts(List<RequestLegs> legs) {
        List<List<RequestLegs>> bursts = new ArrayList<>();
        List<RequestLegs> current = null;
        long last = 0;
        for (RequestLegs leg : legs) {
            if (current == null || leg.requestNanos() - last > BURST_GAP_NANOS) {
                current = new ArrayList<>();
                bursts.add(current);
            }
            current.add(leg);
            last = leg.requestNanos();
        }
        return bursts;
    }

    /** When a request reached the gateway, UTC to the millisecond: to line up with the gateway's logs. */
    private static String at(RequestLegs first) {
        return CLOCK.format(Instant.ofEpochSecond(0, first.requestNanos()));
    }

    static String describe(List<RequestLegs> burst) {
        return String.format("the gateway's own p50 %.2f ms, p99 %.2f ms (request in to the provider's request"
                        + " p50 %.2f ms; the provider's first audio to the client's p50 %.2f ms); the provider's"
                        + " first audio p50 %.2f ms after its request",
                p(burst, RequestLegs::own, 50), p(burst, RequestLegs::own, 99), p(burst, RequestLegs::gatewayIn, 50),
                p(burst, RequestLegs::gatewayOut, 50), p(burst, RequestLegs::provider, 50));
    }

    private static double p(List<RequestLegs> burst, ToLongFunction<RequestLegs> leg, double percentile) {
        long[] sorted = burst.stream().mapToLong(leg).sorted().toArray();
        return Percentiles.nearestRank(sorted, percentile) / 1e6;
    }
}
