package io.ttsgateway.provider.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.http1.Http1Client;
import io.ttsgateway.provider.http1.Http1Connection;
import io.ttsgateway.provider.http1.Http1Request;
import io.ttsgateway.provider.http1.ResponseHead;

/**
 * One streamed {@code POST} to a provider, read by the thread that reads its audio: {@link #start()}
 * writes the request on the caller's thread (connecting first when no kept-alive connection is idle),
 * and each {@link #read()} that finds no audio waiting reads the socket once, within the first-byte or
 * stall timeout. No thread of its own, so audio reaches its reader without a hop. A body read to its
 * end leaves the connection in the pool; a call stopped early closes it: on HTTP/1.1 the only way to
 * tell the provider to stop.
 */
public final class HttpAudioCall implements AudioStream {

    /** Largest error body read; providers' are short JSON. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final Logger LOGGER = Logger.getLogger(HttpAudioCall.class.getName());

    /** What stays the same across a provider's calls; the client's pool keeps connections alive. */
    public record Vendor(String name, Http1Client client, ProviderTimeouts timeouts, ProviderErrors.Table errors) {
    }

    /** Where a {@link Body} puts what it decoded: audio in whole samples and word timings. */
    public interface Sink {
        /** The format of the audio pushed. */
        AudioFormat format();

        /** Adds audio; false when the request is over and it was dropped. */
        boolean push(byte[] chunk);

        /** Adds word timings, relative to the start of this request's audio. */
        void align(WordAlignment alignment);
    }

    /** The vendor's response mapping: a 2xx body's bytes, in order, into the sink. One per response. */
    public interface Body {
        /** Takes the next bytes (a view, valid during the call); false when the request is over: stop. */
        boolean accept(ByteBuffer bytes, Sink sink) throws ProviderException;

        /** The body ended: hands on what is still held. */
        default void end(Sink sink) throws ProviderException {
        }
    }

    /**
     * NEW until started; OPEN while the provider answers; ENDED (body complete) or FAILED; CLOSED by its
     * reader. Changes only through {@link #move}, under this call's monitor.
     */
    enum State {
        NEW, OPEN, ENDED, FAILED, CLOSED;

        State next(State wanted) {
            return switch (this) {
                case NEW -> wanted;
                case OPEN -> wanted == NEW ? this : wanted;
                case ENDED, FAILED -> wanted == CLOSED ? CLOSED : this;
                case CLOSED -> this;
            };
        }
    }

    private final Vendor vendor;
    private final Http1Request request;
    private final Body body;
    private final Consumer<HttpAudioCall> onEnd;
    private final AudioFormat format;
    private final Sink sink = new Output();
    private final long stallMillis;
    /** The reader's alone, like everything below up to {@code state}. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ArrayDeque<WordAlignment> alignments = new ArrayDeque<>();
    private long startedAt;
    private boolean receivedAudio;
    private ResponseHead head;
    private volatile State state = State.NEW;
    private volatile Http1Connection connection;
    private volatile ProviderException failure;

    /** Prepares a call; {@link #start()} sends it, so the caller can track it before {@code onEnd}. */
    public HttpAudioCall(Vendor vendor, Http1Request request, AudioFormat format, Body body,
                         Consumer<HttpAudioCall> onEnd) {
        this.vendor = vendor;
        this.request = request;
        this.format = format;
        this.body = body;
        this.onEnd = onEnd;
        this.stallMillis = vendor.timeouts().stall().toMillis();
    }

    /** A JSON {@code POST}; a header that could break the request (a malformed key) is {@code AUTH_FAILED}. */
    public static Http1Request post(Vendor vendor, URI uri, Map<String, String> headers, String json)
            throws ProviderException {
        try {
            return Http1Request.post(uri, headers, "application/json", json.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, vendor.name() + " API key is malformed");
        }
    }

    /** Sends the request on the caller's thread; a failure is thrown by the first {@link #read()}. */
    public HttpAudioCall start() {
        startedAt = System.nanoTime();
        if (move(State.OPEN, null) != State.NEW) {
            return this; // aborted before it started
        }
        try {
            send(false);
        } catch (IOException e) {
            fail(ProviderErrors.unreachable(vendor.name(), e));
        }
        return this;
    }

    /** This call's audio: the call itself, read by one thread. */
    public AudioStream stream() {
        return this;
    }

    /** Fails the call and stops it at the provider (its session or provider closed); any thread. */
    public void abort(ProviderException why) {
        fail(why);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            State now = state;
            if (now == State.FAILED) {
                throw failure;
            }
            byte[] chunk = now == State.CLOSED ? null : chunks.poll();
            if (chunk != null || now != State.OPEN) {
                return chunk;
            }
            pull();
        }
    }

    @Override
    public WordAlignment nextAlignment() {
        return alignments.poll();
    }

    @Override
    public void close() {
        State before = move(State.CLOSED, null);
        chunks.clear();
        alignments.clear();
        if (before == State.NEW || before == State.OPEN) {
            closeConnection();
            onEnd.accept(this);
        }
    }

    /** Writes the request: on a pooled connection, or a new one ({@code fresh}) when that one had died. */
    private void send(boolean fresh) throws IOException {
        Http1Connection used = fresh
                ? vendor.client().fresh(request.destination(), this::using)
                : vendor.client().connection(request.destination(), this::using);
        try {
            used.send(request);
        } catch (IOException e) {
            if (fresh || !used.reused()) {
                throw e;
            }
            resend(e);
        }
    }

    /** Publishes the connection in use, so a stop from another thread closes it. */
    private void using(Http1Connection used) {
        connection = used;
        if (state != State.OPEN) {
            used.close();
        }
    }

    private void resend(IOException why) throws IOException {
        LOGGER.log(Level.FINE, "{0} connection closed before a response ({1}); sending once more",
                   new Object[] {vendor.name(), why.getClass().getSimpleName()});
        connection.close();
        send(true);
    }

    /** One step of the response: its head, or one read of the body into the sink. */
    private void pull() throws ProviderException, InterruptedException {
        Http1Connection used = connection;
        try {
            used.readTimeout(waitMillis());
            if (head == null) {
                receiveHead(used);
                return;
            }
            ByteBuffer bytes = used.body();
            if (bytes == null) {
                body.end(sink);
                ended(used);
            } else if (!body.accept(bytes, sink)) {
                fail(ProviderErrors.closed(vendor.name(), "request"));
            }
        } catch (SocketTimeoutException e) {
            fail(timeout());
        } catch (ProviderException e) {
            fail(e);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, vendor.name() + " interrupted"));
                throw new InterruptedException();
            }
            fail(head == null && !used.sawResponseBytes() ? ProviderErrors.unreachable(vendor.name(), e)
                         : ProviderErrors.dropped(vendor.name(), "response cut"));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, vendor.name() + " HTTP stream failed", e);
            fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                       vendor.name() + " answered unexpectedly", e));
        }
    }

    /** The status: a 2xx goes on to its body; any other is read whole for the vendor's error table. */
    private void receiveHead(Http1Connection used) throws IOException, ProviderException {
        ResponseHead answer;
        try {
            answer = used.head();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (used.sawResponseBytes() || !used.reused() || used != connection || state != State.OPEN) {
                throw e;
            }
            resend(e); // a kept-alive connection the provider had closed: nothing was answered
            return;
        }
        if (answer.ok()) {
            head = answer;
            return;
        }
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        for (ByteBuffer bytes = used.body(); bytes != null; bytes = used.body()) {
            int room = MAX_ERROR_BODY_BYTES - error.size();
            if (room <= 0) {
                break;
            }
            error.write(bytes.array(), bytes.arrayOffset() + bytes.position(), Math.min(room, bytes.remaining()));
        }
        ProviderException refused = vendor.errors().of(answer.status(), error.toByteArray());
        // The message is safe by construction; the provider's own text is not logged.
        LOGGER.log(Level.FINE, "{0} request failed: {1}", new Object[] {vendor.name(), refused.getMessage()});
        if (move(State.FAILED, refused) == State.OPEN) {
            vendor.client().release(used); // kept when the error body was read whole
            onEnd.accept(this);
        }
    }

    /** The body ended: the connection goes back to the pool, the audio read so far stays readable. */
    private void ended(Http1Connection used) {
        if (move(State.ENDED, null) == State.OPEN) {
            vendor.client().release(used);
            onEnd.accept(this);
        }
    }

    /** Ends the call with {@code why} if it is still running, closing its connection; any thread. */
    private void fail(ProviderException why) {
        State before = move(State.FAILED, why);
        if (before == State.NEW || before == State.OPEN) {
            closeConnection();
            onEnd.accept(this);
        }
    }

    /** The one place the state changes, by {@link State#next}, {@code why} with a failure; returns the state before. */
    private synchronized State move(State wanted, ProviderException why) {
        State before = state;
        State after = before.next(wanted);
        if (after != before) {
            if (after == State.FAILED) {
                failure = why;
            }
            state = after;
        }
        return before;
    }

    private void closeConnection() {
        Http1Connection used = connection;
        if (used != null) {
            used.close();
        }
    }

    /**
     * What is left of the first-byte timeout until audio came, then the stall timeout. Past the first-byte
     * deadline a read still takes what already arrived (a stream opened ahead may be read late).
     */
    private long waitMillis() {
        if (receivedAudio) {
            return stallMillis;
        }
        long left = startedAt + vendor.timeouts().firstByte().toNanos() - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    private ProviderException timeout() {
        String what = receivedAudio ? "no audio" : "no first audio byte";
        long limit = (receivedAudio ? vendor.timeouts().stall() : vendor.timeouts().firstByte()).toMillis();
        return new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS,
                                     vendor.name() + " sent " + what + " for " + limit + " ms", null);
    }

    /** What the body decodes goes to the reader's queue; nothing once the call is over. */
    private final class Output implements Sink {

        @Override
        public AudioFormat format() {
            return format;
        }

        @Override
        public boolean push(byte[] chunk) {
            if (state != State.OPEN) {
                return false;
            }
            if (chunk.length > 0) {
                receivedAudio = true;
                chunks.add(chunk);
            }
            return true;
        }

        @Override
        public void align(WordAlignment alignment) {
            if (state == State.OPEN && !alignment.isEmpty()) {
                alignments.add(alignment);
            }
        }
    }
}
