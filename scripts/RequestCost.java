import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's CPU per request of POST /v1/audio/speech (issue 14): rounds of R requests, each
 * with a text of its own (every one a cache miss), sent one after the other (C = 1) or from C
 * connections at once, each connection kept alive; the gateway's utime + stime from
 * /proc/PID/stat before and after each round, less its JIT compiler threads' (a one-time cost,
 * shown apart), divided by the round's requests. The client is a
 * bare HTTP/1.1 socket, so it leaves as much of the machine as it can to the gateway.
 *   java scripts/RequestCost.java PORT PID MODEL KEY ROUND...
 * ROUND is [w]CxR: C connections, R requests in all; a leading w marks a warm-up round (run, not
 * reported as a result). Prints a line per round, 'MEASURED_FROM instant' before the first measured
 * round, and one line 'RESULT {json}' of the measured ones.
 */
public final class RequestCost {

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
    private static final int TIMEOUT_MS = 30_000;
    private static final AtomicLong SERIAL = new AtomicLong();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet"};

    private record Round(boolean warmup, int connections, int requests) {
        static Round parse(String spec) {
            boolean warmup = spec.startsWith("w");
            String[] parts = spec.substring(warmup ? 1 : 0).split("x");
            return new Round(warmup, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        String label() {
            return (warmup ? "warm-up " : "") + (connections == 1 ? "sequential" : connections + " at once")
                    + ", " + requests + " requests";
        }
    }

    /** CPU time of the gateway in clock ticks: all of it, and its JIT compiler threads' share. */
    private record Cpu(long userTicks, long systemTicks, long jitTicks) {
        static Cpu of(long pid) throws IOException {
            long[] process = ticks(Path.of("/proc/" + pid + "/stat"));
            long jit = 0;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                            long[] used = ticks(task.resolve("stat"));
                            jit += used[0] + used[1];
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new Cpu(process[0], process[1], jit);
        }

        private static long[] ticks(Path stat) throws IOException {
            String line = Files.readString(stat);
            // Fields after the command's closing parenthesis; utime and stime are fields 14 and 15.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        }

        Cpu minus(Cpu other) {
            return new Cpu(userTicks - other.userTicks, systemTicks - other.systemTicks, jitTicks - other.jitTicks);
        }

        /** All but the JIT compiler's: what the requests cost once the code is compiled. */
        long nanos() {
            return (userTicks + systemTicks - jitTicks) * TICK_NANOS;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: java scripts/RequestCost.java PORT PID MODEL KEY ROUND... (ROUND: [w]CxR)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        String model = args[2];
        String key = args[3];
        StringBuilder json = new StringBuilder();
        boolean failed = false;
        boolean measuring = false;
        for (String spec : Arrays.copyOfRange(args, 4, args.length)) {
            Round round = Round.parse(spec);
            if (!round.warmup() && !measuring) {
                measuring = true;
                System.out.println("MEASURED_FROM " + java.time.Instant.now());
            }
            Cpu before = Cpu.of(pid);
            long started = System.nanoTime();
            long[] latencies = run(port, model, key, round);
            double wall = (System.nanoTime() - started) / 1e9;
            Cpu used = Cpu.of(pid).minus(before);
            int ok = latencies.length;
            failed |= ok != round.requests();
            Arrays.sort(latencies);
            double perRequest = ok == 0 ? Double.NaN : used.nanos() / 1e3 / ok;
            System.out.printf("%-36s %6d ok  %7.1f req/s  gateway CPU %6.0f us/request (user %.0f %%, JIT %.0f us)"
                                      + "  latency p50 %.2f p99 %.2f ms%n",
                              round.label(), ok, ok / wall, perRequest,
                              100.0 * used.userTicks() / Math.max(1, used.userTicks() + used.systemTicks()),
                              ok == 0 ? Double.NaN : used.jitTicks() * TICK_NANOS / 1e3 / ok,
                              at(latencies, 0.5) / 1e6, at(latencies, 0.99) / 1e6);
            if (!round.warmup()) {
                json.append(json.isEmpty() ? "" : ",").append(String.format(
                        "{\"connections\":%d,\"requests\":%d,\"ok\":%d,\"cpuMicrosPerRequest\":%.1f,\"p50Ms\":%.2f}",
                        round.connections(), round.requests(), ok, perRequest, at(latencies, 0.5) / 1e6));
            }
        }
        System.out.println("RESULT [" + json + "]");
        System.exit(failed ? 1 : 0);
    }

    /** Runs one round to its end; returns the latencies (to the last body byte) of the requests answered 200. */
    private static long[] run(int port, String model, String key, Round round) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(round.connections());
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < round.connections(); c++) {
                int share = round.requests() / round.connections() + (c < round.requests() % round.connections() ? 1 : 0);
                results.add(threads.submit(() -> connection(port, model, key, share)));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                all.add(result.get(TIMEOUT_MS * (long) (round.requests() + 1), TimeUnit.MILLISECONDS));
            }
            return all.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            threads.shutdownNow();
        }
    }

    private static long[] connection(int port, String model, String key, int requests) throws IOException {
        long[] latencies = new long[requests];
        int ok = 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            for (int i = 0; i < requests; i++) {
                byte[] body = ("{\"model\":\"" + model + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\","
                        + "\"input\":\"" + text() + "\"}").getBytes(StandardCharsets.UTF_8);
                byte[] head = ("POST /v1/audio/speech HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                out.write(head);
                out.write(body);
                out.flush();
                if (readResponse(in) == 200) {
                    latencies[ok++] = System.nanoTime() - sent;
                }
            }
        } catch (IOException e) {
            System.err.println("connection failed: " + e);
        }
        return Arrays.copyOf(latencies, ok);
    }

    /** A short sentence no earlier request of this run had. */
    private static String text() {
        long n = SERIAL.incrementAndGet();
        StringBuilder words = new StringBuilder("Hello ").append(RUN);
        for (long rest = n; rest > 0; rest /= 10) {
            words.append(' ').append(WORDS[(int) (rest % 10)]);
        }
        return words.append(", how can I help?").toString();
    }

    /** Reads one response (chunked or with a length) to its end; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers, none expected
            }
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, long count) throws IOException {
        in.skipNBytes(count);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static double at(long[] sorted, double quantile) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
    }

    private RequestCost() {
    }
}
