package io.ttsgateway.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * OpenAI's streaming speech endpoint as a benchmark's stand-in for a provider: the requests,
 * checks, errors and chunked PCM of {@link FakeOpenAi}'s normal answer, served by one thread with
 * a selector and a queue of due chunks. {@code FakeOpenAi} gives each response a thread that
 * sleeps between chunks, which on a shared 2-core machine cost as much CPU per stream as the
 * gateway being measured; here a chunk costs one socket write. No scripted failures, no SSE and
 * no chunked request bodies: tests of the gateway's provider client use {@code FakeOpenAi}.
 */
public final class OpenAiStandIn implements AutoCloseable {

    /** Bytes read from a socket at a time. */
    private static final int READ_BYTES = 16 * 1024;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final String apiKey;
    private final long firstChunkNanos;
    private final long intervalNanos;
    private final int chunks;
    private final int samplesPerChunk;
    private final byte[][] framedChunks;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BYTES);
    private final PriorityQueue<Connection> due = new PriorityQueue<>(Comparator.comparingLong(c -> c.dueAt));
    private final WaitableCount completed = new WaitableCount();
    private final WaitableCount cancelled = new WaitableCount();
    private final WaitableCount accepted = new WaitableCount();
    private volatile boolean closed;

    private OpenAiStandIn(String apiKey, FakeBehavior pace) throws IOException {
        this.apiKey = apiKey;
        this.firstChunkNanos = pace.firstChunkDelay().toNanos();
        this.intervalNanos = pace.chunkInterval().toNanos();
        this.chunks = pace.chunks();
        this.samplesPerChunk = FakeAudio.samplesPerChunk(FakeOpenAi.SAMPLE_RATE, pace.chunkMillis());
        this.framedChunks = new byte[chunks][];
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = Thread.ofPlatform().name("openai-stand-in").daemon().start(this::run);
    }

    /**
     * Starts a stand-in on a random local port.
     *
     * @param apiKey the key requests must present
     * @param pace   first-chunk delay, chunk interval, chunks per response and audio per chunk
     * @return the running stand-in
     */
    public static OpenAiStandIn start(String apiKey, FakeBehavior pace) {
        try {
            return new OpenAiStandIn(apiKey, pace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The base URL to configure the gateway with ({@code OPENAI_BASE_URL}).
     *
     * @return {@code http://127.0.0.1:<port>/v1}
     */
    public String baseUrl() {
        try {
            return "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort() + "/v1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until this many responses, or more, had their last chunk handed to the socket.
     *
     * @param count   responses
     * @param timeout at most this long
     * @return whether they were
     * @throws InterruptedException when interrupted
     */
    public boolean awaitCompleted(long count, Duration timeout) throws InterruptedException {
        return completed.await(count, timeout);
    }

    /**
     * Waits until this many responses, or more, lost their client before their end.
     *
     * @param count   responses
     * @param timeout at most this long
     * @return whether they did
     * @throws InterruptedException when interrupted
     */
    public boolean awaitCancelled(long count, Duration timeout) throws InterruptedException {
        return cancelled.await(count, timeout);
    }

    /**
     * Connections accepted so far: with keep-alive, fewer than the requests.
     *
     * @return the count
     */
    public long connectionsAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (selector; server) {
            while (!closed) {
                Connection next = due.peek();
                if (next == null) {
                    selector.select();
                } else {
                    long wait = next.dueAt - System.nanoTime();
                    if (wait <= 0) {
                        selector.selectNow();
                    } else {
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    ready(key);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                while (!due.isEmpty() && due.peek().dueAt - now <= 0) {
                    Connection connection = due.poll();
                    connection.guarded(connection::sendDueChunk);
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        Connection connection = (Connection) key.attachment();
        connection.guarded(() -> {
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                connection.read();
            }
        });
    }

    /** A step of one connection's work. */
    private interface Step {
        void run() throws IOException;
    }

    /** Takes every connection waiting; one that cannot be set up, or a failed accept, ends only itself. */
    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of descriptors, say: the ones already open stream on, the next select tries again.
                System.err.println("openai stand-in: accept failed: " + e);
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                accepted.increment();
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** The chunk at an index with its chunked-encoding frame, made once. */
    private byte[] framedChunk(int index) {
        byte[] framed = framedChunks[index];
        if (framed == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                FakeOpenAiHttp.writeChunk(out, FakeAudio.pcm(FakeOpenAi.SAMPLE_RATE, (long) index * samplesPerChunk,
                        samplesPerChunk));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            framed = out.toByteArray();
            framedChunks[index] = framed;
        }
        return framed;
    }

    /** One client connection: requests read as they come, one response at a time. */
    private final class Connection {
        private final SocketChannel channel;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private SelectionKey key;
        private final RequestBytes input = new RequestBytes();
        private ByteBuffer output;
        private boolean streaming;
        private boolean closeAfterResponse;
        private boolean closeWhenWritten;
        private int nextChunk;
        private long dueAt;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** Runs a step; what fails ends this connection only, answering a malformed request first. */
        void guarded(Step step) {
            try {
                step.run();
            } catch (FakeOpenAiHttp.BadRequest e) {
                if (streaming) {
                    close(); // an answer now would land inside the chunked body
                    return;
                }
                try {
                    answer(new FakeOpenAiError(e.status(), "invalid_request_error", null, null, e.getMessage()), true);
                } catch (IOException | RuntimeException again) {
                    close();
                }
            } catch (IOException | RuntimeException e) {
                lost();
            }
        }

        void read() throws IOException {
            int n;
            do {
                readBuffer.clear();
                try {
                    n = channel.read(readBuffer);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    lost();
                    return;
                }
                input.append(readBuffer.flip());
            } while (n == READ_BYTES);
            nextRequest();
        }

        /** Answers the requests that are all here, until one streams or ends the connection. */
        private void nextRequest() throws IOException {
            while (!streaming && !closeWhenWritten && channel.isOpen()) {
                FakeOpenAiHttp.Request request = input.take();
                if (request == null) {
                    return;
                }
                respond(request);
            }
        }

        private void respond(FakeOpenAiHttp.Request request) throws IOException {
            boolean close = request.wantsClose();
            FakeOpenAiError refusal = StandInChecks.refusal(request, apiKey);
            if (refusal != null) {
                answer(refusal, close);
                return;
            }
            FakeOpenAiHttp.writeChunkedHead(pending, "audio/pcm", close);
            streaming = true;
            closeAfterResponse = close;
            nextChunk = 0;
            dueAt = System.nanoTime() + firstChunkNanos;
            due.add(this);
            flush();
        }

        /** Writes the chunk due now and queues the next one, or ends the response. */
        void sendDueChunk() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            pending.write(framedChunk(nextChunk++));
            if (nextChunk < chunks) {
                // Due one interval after the last one was due, not after it was written: no drift.
                dueAt += intervalNanos;
                due.add(this);
                flush();
                return;
            }
            pending.write(LAST_CHUNK);
            streaming = false;
            completed.increment();
            closeWhenWritten = closeAfterResponse;
            flush();
            nextRequest();
        }

        private void answer(FakeOpenAiError error, boolean close) throws IOException {
            FakeOpenAiHttp.writeFixed(pending, error.status(), error.headers(), "application/json", error.body(), close);
            closeWhenWritten = close;
            flush();
        }

        /** Writes what is pending; what the socket does not take now waits for it to be writable. */
        void flush() throws IOException {
            if (output == null || !output.hasRemaining()) {
                if (pending.size() == 0) {
                    return;
                }
                output = ByteBuffer.wrap(pending.toByteArray());
                pending.reset();
            }
            try {
                while (output.hasRemaining() && channel.write(output) > 0) {
                    // until written or the socket's buffer is full
                }
            } catch (IOException e) {
                lost();
                return;
            }
            if (output.hasRemaining() || pending.size() > 0) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else if (closeWhenWritten) {
                close();
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** The client is gone: a response still streaming was cancelled. */
        private void lost() {
            if (streaming) {
                cancelled.increment();
            }
            close();
        }

        private void close() {
            streaming = false;
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
