import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Misbehaving clients on raw sockets, for scripts/reliability.sh (run with {@code java ReliabilityClients.java}).
 *
 * <pre>
 * vanish PORT CLIENTS fin|rst [quiet]
 *                                  clients start a long synthesis, take its first audio (quiet: do not wait
 *                                  for any), then go without a close frame (fin: FIN then close; rst:
 *                                  SO_LINGER 0, a reset); prints how long until tts_sessions_active is back
 * slow PORT CLIENTS GATEWAY_PID SECONDS
 *                                  clients send a long request and never read, while one normal client is
 *                                  served; prints when they were dropped, how, the live heap after a full GC
 *                                  (jcmd) before and at most during the run, and the normal client's p50
 * </pre>
 */
public final class ReliabilityClients {

    private static final Pattern ACTIVE = Pattern.compile("(?m)^tts_sessions_active\\{[^}]*} ([0-9.E]+)");
    private static final Pattern SLOW_CLOSED = Pattern.compile(
            "(?m)^tts_sessions_closed_total\\{reason=\"slow_client\"[^}]*} ([0-9.E]+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total +\\d+ +(\\d+)");

    private ReliabilityClients() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        switch (args[0]) {
        case "vanish" -> vanish(port, clients, args[3].equals("rst"), args.length > 4 && args[4].equals("quiet"));
        case "slow" -> slow(port, clients, Long.parseLong(args[3]), Integer.parseInt(args[4]));
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void vanish(int port, int clients, boolean reset, boolean quiet) throws Exception {
        int before = (int) metric(port, ACTIVE);
        List<Ws> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Ws ws = Ws.connect(port, 0);
            ws.sendText(synthesize("v" + i, 3000));
            sockets.add(ws);
        }
        if (quiet) { // synthesis started, no audio yet: nothing is written that could fail
            while (metric(port, ACTIVE) < before + clients) {
                Thread.sleep(10);
            }
        } else {
            for (Ws ws : sockets) {
                ws.awaitBinary(); // mid-synthesis: audio is flowing
            }
        }
        int during = (int) metric(port, ACTIVE);
        for (Ws ws : sockets) {
            ws.vanish(reset);
        }
        long gone = System.nanoTime();
        double active = during;
        while (active > before && System.nanoTime() - gone < 120_000_000_000L) {
            Thread.sleep(10);
            active = metric(port, ACTIVE);
        }
        long millis = (System.nanoTime() - gone) / 1_000_000;
        String when = quiet ? " without waiting for audio" : " with audio flowing";
        System.out.printf("vanish %s%s: %d clients mid-synthesis, tts_sessions_active %d -> %d, back to %.0f "
                                  + "%d ms after the last one went%n", reset ? "rst" : "fin", when, clients, before,
                          during, active, millis);
    }

    private static void slow(int port, int clients, long pid, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> firstBytes = Collections.synchronizedList(new ArrayList<>());
        Thread normal = Thread.ofPlatform().start(() -> normalClient(port, running, firstBytes));
        Thread.sleep(2000); // the normal client is warm
        long baseline = liveHeapKib(pid);
        double slowBefore = metric(port, SLOW_CLOSED);
        int activeBefore = (int) metric(port, ACTIVE);
        List<Ws> stuck = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Ws ws = Ws.connect(port, 0);
            ws.sendText(synthesize("s" + i, 5000));
            stuck.add(ws);
        }
        long maxHeap = baseline;
        long droppedMillis = -1;
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            maxHeap = Math.max(maxHeap, liveHeapKib(pid));
            if (droppedMillis < 0 && metric(port, SLOW_CLOSED) >= slowBefore + clients
                    && metric(port, ACTIVE) <= activeBefore) {
                droppedMillis = (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(500);
        }
        long afterHeap = liveHeapKib(pid);
        running.set(false);
        normal.join();
        while (metric(port, ACTIVE) > activeBefore - 1) { // the normal client's session is gone too
            Thread.sleep(10);
        }
        int threads = sessionThreads(pid);
        int closeFrames = 0;
        int cut = 0;
        for (Ws ws : stuck) {
            Integer code = ws.readToEndForClose();
            if (code == null) {
                cut++;
            } else {
                closeFrames++;
                System.out.println("  close frame " + code);
            }
        }
        List<Long> sorted = new ArrayList<>(firstBytes);
        Collections.sort(sorted);
        System.out.printf("slow: %d clients not reading; all dropped (tts_sessions_closed_total{reason=slow_client} "
                                  + "+%d, sessions back to %d) %s%n", clients, clients, activeBefore,
                          droppedMillis < 0 ? "NOT within " + seconds + " s" : droppedMillis + " ms after they sent");
        System.out.printf("  their sockets: %d ended with a close frame, %d cut (EOF or reset after the buffered "
                                  + "audio)%n", closeFrames, cut);
        System.out.printf("  live heap after full GC: %.1f MiB before, at most %.1f MiB while they were held "
                                  + "(bound %.0f MiB), %.1f MiB after%n", baseline / 1024.0, maxHeap / 1024.0,
                          16 * 1e6 / 1048576 + 4.0 * clients, afterHeap / 1024.0);
        System.out.printf("  threads in session delivery or socket writes after the drop: %d%n", threads);
        System.out.printf("  normal client: %d requests, time to first audio p50 %d ms, max %d ms%n", sorted.size(),
                          sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                          sorted.isEmpty() ? -1 : sorted.getLast());
    }

    private static void normalClient(int port, AtomicBoolean running, List<Long> firstBytes) {
        try (Ws ws = Ws.connect(port, 0)) {
            int n = 0;
            while (running.get()) {
                String id = "n" + n++;
                long sent = System.nanoTime();
                ws.sendText(synthesize(id, 20));
                boolean first = true;
                while (true) {
                    Frame frame = ws.read();
                    if (frame.opcode() == 2 && first) {
                        firstBytes.add((System.nanoTime() - sent) / 1_000_000);
                        first = false;
                    } else if (frame.opcode() == 1 && new String(frame.payload(), StandardCharsets.UTF_8)
                            .contains("\"done\"")) {
                        break;
                    } else if (frame.opcode() == 9) {
                        ws.send(10, frame.payload());
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("normal client failed: " + e);
        }
    }

    private static String synthesize(String id, int characters) {
        StringBuilder text = new StringBuilder();
        while (text.length() < characters) {
            text.append("The quick brown fox jumps over the lazy dog. ");
        }
        return "{\"action\":\"synthesize\",\"requestId\":\"" + id + "\",\"text\":\"" + text.substring(0, characters)
                + "\"}";
    }

    private static double metric(int port, Pattern pattern) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/metrics")).build(),
                      HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Live heap in KiB: the objects a class histogram counts right after the full collection it makes. */
    private static long liveHeapKib(long pid) throws IOException, InterruptedException {
        Matcher matcher = HISTOGRAM_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024 : -1;
    }

    /** Threads, virtual ones included, whose stack is in a session's delivery or socket writes. */
    private static int sessionThreads(long pid) throws IOException, InterruptedException {
        Path dump = Files.createTempFile("threads", ".txt");
        Files.delete(dump);
        jcmd(pid, "Thread.dump_to_file", dump.toString());
        String[] threads = Files.readString(dump).split("\n\n");
        Files.delete(dump);
        int count = 0;
        for (String thread : threads) {
            if (thread.contains("io.ttsgateway.session.Delivery.")
                    || thread.contains("io.ttsgateway.session.Outbound.")) {
                count++;
            }
        }
        return count;
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                                                    Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private record Frame(int opcode, byte[] payload) {
    }

    /** A WebSocket client on a bare socket. */
    private static final class Ws implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        private Ws(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static Ws connect(int port, int receiveBuffer) throws IOException {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("localhost", port));
            socket.setSoTimeout(60_000);
            Ws ws = new Ws(socket);
            ws.out.write(("GET /api/v1/ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            ByteArrayOutputStream headers = new ByteArrayOutputStream();
            while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = ws.in.read();
                if (b < 0) {
                    throw new EOFException("no upgrade");
                }
                headers.write(b);
            }
            if (!headers.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + headers);
            }
            return ws;
        }

        void sendText(String text) throws IOException {
            send(1, text.getBytes(StandardCharsets.UTF_8));
        }

        synchronized void send(int opcode, byte[] payload) throws IOException {
            byte[] mask = {1, 2, 3, 4};
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xFF);
            }
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        Frame read() throws IOException {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first & 0x0F, payload);
        }

        void awaitBinary() throws IOException {
            while (read().opcode() != 2) {
                // start, pings
            }
        }

        /** Reads everything left; the close frame's code, or null when the connection just ended. */
        Integer readToEndForClose() throws IOException {
            socket.setSoTimeout(10_000);
            try {
                while (true) {
                    Frame frame = read();
                    if (frame.opcode() == 8) {
                        return frame.payload().length >= 2
                                ? ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF) : 1005;
                    }
                }
            } catch (EOFException | SocketException e) {
                return null;
            } catch (SocketTimeoutException e) {
                System.out.println("  a socket is still open after the run");
                return null;
            } finally {
                socket.close();
            }
        }

        void vanish(boolean reset) throws IOException {
            if (reset) {
                socket.setSoLinger(true, 0);
            } else {
                socket.shutdownOutput(); // FIN first: the server's reader sees the end of the stream
            }
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
