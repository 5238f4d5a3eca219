import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Cache hits over the HTTP API: S sessions at once, each M requests one after the other, every one
 * POST /v1/audio/speech of the same text (pcm), so after the first every request is a hit. Times
 * each request's first body byte and its last, from when the request is sent, with one HTTP/1.1
 * client per session (a kept-alive connection each). Warm-up requests first, not reported.
 *   java scripts/HttpHits.java BASE_URL MODEL SESSIONS REQUESTS [WARMUP]
 * e.g. java scripts/HttpHits.java http://localhost:8302/v1 tone 50 20 200
 * Prints a report and one line 'RESULT {json}'. Exit status 1 when any request failed.
 */
public final class HttpHits {

    private static final String TEXT = "Hello, how can I assist you today?";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Timing(long firstByteNanos, long totalNanos, long bytes) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java scripts/HttpHits.java BASE_URL MODEL SESSIONS REQUESTS [WARMUP]");
            System.exit(2);
        }
        URI uri = URI.create(args[0] + "/audio/speech");
        String body = "{\"model\":\"" + args[1] + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"input\":\""
                + TEXT + "\"}";
        int sessions = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        run(uri, body, Math.min(sessions, 10), Math.max(1, warmup / Math.min(sessions, 10)));
        long started = System.nanoTime();
        List<Timing> timings = run(uri, body, sessions, requests);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        int failed = sessions * requests - timings.size();
        double[] first = timings.stream().mapToDouble(t -> t.firstByteNanos() / 1e6).sorted().toArray();
        double[] total = timings.stream().mapToDouble(t -> t.totalNanos() / 1e6).sorted().toArray();
        long bytes = timings.stream().mapToLong(Timing::bytes).sum();
        System.out.printf("http-hits: %d session(s) x %d request(s) against %s%n", sessions, requests, uri);
        System.out.printf("  completed %d, failed %d%n", timings.size(), failed);
        System.out.printf("  time to first byte   p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms%n",
                          at(first, 0.5), at(first, 0.9), at(first, 0.99), at(first, 1));
        System.out.printf("  total time           p50 %.2f  p99 %.2f  max %.2f ms%n",
                          at(total, 0.5), at(total, 0.99), at(total, 1));
        System.out.printf("  throughput           %.1f requests/s, %.2f MB audio in %.2f s%n",
                          timings.size() / wallSeconds, bytes / 1e6, wallSeconds);
        System.out.printf("RESULT {\"sessions\":%d,\"requests\":%d,\"completed\":%d,\"failed\":%d,"
                                  + "\"ttfbMs\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                                  + "\"totalMs\":{\"p50\":%.2f,\"p99\":%.2f},\"completedPerSecond\":%.1f}%n",
                          sessions, requests, timings.size(), failed, at(first, 0.5), at(first, 0.9), at(first, 0.99),
                          at(first, 1), at(total, 0.5), at(total, 0.99), timings.size() / wallSeconds);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the sessions to their end (bounded by the timeout per request); returns the completed requests. */
    private static List<Timing> run(URI uri, String body, int sessions, int requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<List<Timing>>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                results.add(threads.submit(() -> session(uri, body, requests)));
            }
            List<Timing> timings = new ArrayList<>();
            for (Future<List<Timing>> result : results) {
                timings.addAll(result.get(TIMEOUT.toSeconds() * (requests + 1), TimeUnit.SECONDS));
            }
            return timings;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<Timing> session(URI uri, String body, int requests) {
        List<Timing> timings = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build()) {
            byte[] buffer = new byte[64 * 1024];
            for (int i = 0; i < requests; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                        .header("Content-Type", "application/json").header("Authorization", "Bearer bench")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                long sent = System.nanoTime();
                try {
                    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            in.readAllBytes();
                            continue;
                        }
                        int n = in.read(buffer);
                        long first = System.nanoTime() - sent;
                        long bytes = Math.max(n, 0);
                        while (n >= 0) {
                            n = in.read(buffer);
                            bytes += Math.max(n, 0);
                        }
                        timings.add(new Timing(first, System.nanoTime() - sent, bytes));
                    }
                } catch (IOException e) {
                    System.err.println("request failed: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return timings;
                }
            }
        }
        return timings;
    }

    private static double at(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
    }

    private HttpHits() {
    }
}
