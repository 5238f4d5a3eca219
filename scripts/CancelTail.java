import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What reaches a client after it cancels a long reply, for {@code scripts/benchmark.sh cancel} (run with
 * {@code java CancelTail.java}): one WebSocket client at a time sends a long synthesize (a new text
 * each time), cancels a set time after its first audio byte, and counts the audio bytes that arrive
 * after the cancel was sent and when the last of them came; it also records how audio arrived while
 * the reply ran (audio received against time since the first byte, the largest frame).
 *
 * <pre>
 * java CancelTail.java PORT PROVIDER FORMAT RUNS CANCEL_AFTER_MS
 * </pre>
 * Prints one line per run and a summary (median and maximum).
 */
public final class CancelTail {

    private static final String TEXT = "The twilight sun cast its warm golden hues upon the vast rolling fields, "
            + "saturating the landscape with an ethereal glow. Far away, a lonely train whistled as it crossed the "
            + "old iron bridge, and the river below carried the last light of the day towards the distant sea. "
            + "Children ran home along the dusty lanes, calling to each other, while their parents lit the lamps "
            + "and set the tables for supper. Somewhere a dog barked twice and then fell silent.";

    private CancelTail() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String provider = args[1];
        String format = args[2];
        int runs = Integer.parseInt(args[3]);
        long cancelAfterMs = Long.parseLong(args[4]);
        int bytesPerSecond = bytesPerSecond(format);
        List<Long> tailBytes = new ArrayList<>();
        List<Double> tailMs = new ArrayList<>();
        List<Double> aheadMs = new ArrayList<>();
        System.out.printf("provider=%s format=%s cancel %d ms after the first audio byte%n", provider, format,
                          cancelAfterMs);
        for (int run = 0; run < runs; run++) {
            Run result = once(port, provider, format, "Take " + run + " " + System.nanoTime() + ". " + TEXT,
                              cancelAfterMs);
            double audioAfterMs = result.bytesAfter * 1000.0 / bytesPerSecond;
            double ahead = result.bytesBefore * 1000.0 / bytesPerSecond - result.cancelAtMs;
            System.out.printf("run %d: before cancel %d bytes (%.0f ms of audio at %.0f ms, %.0f ms ahead), "
                                      + "after cancel %d bytes (%.0f ms of audio), last byte %.1f ms after the cancel, "
                                      + "largest frame %d bytes, %s%n",
                              run, result.bytesBefore, result.bytesBefore * 1000.0 / bytesPerSecond, result.cancelAtMs,
                              ahead, result.bytesAfter, audioAfterMs, result.lastAfterMs, result.largestFrame,
                              result.done);
            tailBytes.add(result.bytesAfter);
            tailMs.add(result.lastAfterMs);
            aheadMs.add(ahead);
        }
        System.out.printf("SUMMARY provider=%s cancel_after=%d ms: audio after cancel median %d bytes (%.0f ms), "
                                  + "max %d bytes (%.0f ms); last byte after cancel median %.1f ms, max %.1f ms; "
                                  + "audio ahead of real time at the cancel median %.0f ms, max %.0f ms%n",
                          provider, cancelAfterMs, median(tailBytes), median(tailBytes) * 1000.0 / bytesPerSecond,
                          Collections.max(tailBytes), Collections.max(tailBytes) * 1000.0 / bytesPerSecond,
                          median(tailMs), Collections.max(tailMs), median(aheadMs), Collections.max(aheadMs));
    }

    private static int bytesPerSecond(String format) {
        int rate = Integer.parseInt(format.substring(format.indexOf('_') + 1));
        return format.startsWith("ulaw") || format.startsWith("alaw") ? rate : rate * 2;
    }

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** What one run saw. Times in ms; bytes of audio. */
    private record Run(long bytesBefore, double cancelAtMs, long bytesAfter, double lastAfterMs, int largestFrame,
                       String done) {
    }

    private static Run once(int port, String provider, String format, String text, long cancelAfterMs)
            throws Exception {
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/ws"), listener)
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"action\":\"synthesize\",\"requestId\":\"r\",\"provider\":\"" + provider
                                + "\",\"format\":\"" + format + "\",\"text\":\"" + text + "\"}", true).join();
        if (!listener.firstAudio.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no audio in 60 s");
        }
        long cancelAt = listener.firstAt + TimeUnit.MILLISECONDS.toNanos(cancelAfterMs);
        long now;
        while ((now = System.nanoTime()) < cancelAt) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(cancelAt - now)));
        }
        long before;
        synchronized (listener) {
            listener.cancelledAt = System.nanoTime();
            before = listener.bytes;
        }
        socket.sendText("{\"action\":\"cancel\",\"requestId\":\"r\"}", true).join();
        if (!listener.done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no done in 30 s");
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        synchronized (listener) {
            long lastAfter = listener.lastAt > listener.cancelledAt ? listener.lastAt - listener.cancelledAt : 0;
            return new Run(before, (listener.cancelledAt - listener.firstAt) / 1e6, listener.bytes - before,
                           lastAfter / 1e6, listener.largestFrame, listener.doneText);
        }
    }

    /** Counts audio as it arrives; a message's parts arrive as the socket delivers them. */
    private static final class Listener implements WebSocket.Listener {
        final CountDownLatch firstAudio = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        long firstAt;
        long cancelledAt = Long.MAX_VALUE;
        long lastAt;
        long bytes;
        int frame;
        int largestFrame;
        String doneText = "";
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            synchronized (this) {
                long now = System.nanoTime();
                if (bytes == 0) {
                    firstAt = now;
                    firstAudio.countDown();
                }
                bytes += data.remaining();
                frame += data.remaining();
                if (last) {
                    largestFrame = Math.max(largestFrame, frame);
                    frame = 0;
                }
                if (now > cancelledAt) {
                    lastAt = now;
                }
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (message.contains("\"done\"")) {
                    doneText = message.replaceAll("\\s+", "");
                    done.countDown();
                }
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
