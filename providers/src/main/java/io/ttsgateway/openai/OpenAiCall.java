package io.ttsgateway.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLHandshakeException;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * One speech request: its HTTP exchange, the {@link AudioInbox} the response body streams into as
 * it arrives, and its cancellation.
 *
 * <p>The body is taken by a {@link HttpResponse.BodySubscriber} that pushes each piece into the
 * inbox the moment the JDK client hands it over, so no thread waits on the response and the first
 * byte is readable at once. A fully read response leaves its connection in the client's pool for the
 * next request; a cancelled one (the reader closed the stream early, or timed out) cancels the body
 * subscription, which makes the client close that connection: on HTTP/1.1 that is the only way to
 * tell OpenAI to stop generating.
 *
 * <p>If the connection dies before a response arrived (a kept-alive connection OpenAI closed just
 * as it was reused) the request is sent once more; never once a response, or any audio, arrived.
 */
final class OpenAiCall implements AudioInbox.Owner {

    /** Largest error body kept; OpenAI's are a few hundred bytes. */
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** Attempts of one request: the first, and one more when a reused connection was found dead. */
    static final int MAX_ATTEMPTS = 2;

    private static final Logger LOGGER = Logger.getLogger(OpenAiCall.class.getName());

    private final HttpClient client;
    private final HttpRequest request;
    private final AudioInbox inbox;
    private final Consumer<OpenAiCall> onEnd;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Attempt attempt;

    /**
     * Prepares a call; nothing is sent before {@link #start()}.
     *
     * @param client   the provider's HTTP client
     * @param request  the HTTP request, with its body
     * @param timeouts first-byte and stall timeouts, whose clock starts now
     * @param onEnd    told once when the call is over (closed by its reader, or aborted)
     */
    OpenAiCall(HttpClient client, HttpRequest request, ProviderTimeouts timeouts, Consumer<OpenAiCall> onEnd) {
        this.client = client;
        this.request = request;
        this.onEnd = onEnd;
        this.inbox = new AudioInbox(OpenAiProvider.NAME, OpenAiProvider.NATIVE_FORMAT, timeouts, this);
    }

    /**
     * The audio, in {@link OpenAiProvider#NATIVE_FORMAT}.
     *
     * @return the stream the response feeds
     */
    AudioInbox stream() {
        return inbox;
    }

    /**
     * Sends the request; returns at once.
     */
    void start() {
        send(1);
    }

    /**
     * Fails the call and stops it at OpenAI, from any thread: its session or the provider closed.
     *
     * @param why what the reader will get
     */
    void abort(ProviderException why) {
        inbox.fail(why);
        stop();
        end();
    }

    @Override
    public void released(AudioInbox closed, boolean finished) {
        if (!finished) {
            stop();
        }
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        // Read after 'stopped' is set; send() and onSubscribe() set their field before reading
        // 'stopped', so one side or the other always sees what it must cancel.
        Attempt current = attempt;
        if (current != null) {
            current.cancel();
            LOGGER.log(Level.FINE, "openai request stopped before its audio ended; its connection is closed");
        }
    }

    private void send(int number) {
        Attempt next = new Attempt(number);
        attempt = next;
        if (stopped.get()) {
            return;
        }
        CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request, next::subscriber);
        next.future = future;
        if (stopped.get()) {
            future.cancel(true);
        }
        future.whenComplete(next::completed);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Whether a failure before any response means the connection was dead before OpenAI took the
     * request, so that sending it again cannot produce audio twice. Refused connections, unknown
     * hosts, TLS and timeouts are not that: they would fail again the same way.
     */
    private static boolean deadBeforeAccepted(Throwable cause) {
        return cause instanceof IOException
                && !(cause instanceof ConnectException)
                && !(cause instanceof UnknownHostException)
                && !(cause instanceof HttpTimeoutException)
                && !(cause instanceof SSLHandshakeException);
    }

    /** One HTTP exchange of the call. */
    private final class Attempt {
        private final int number;
        private volatile CompletableFuture<HttpResponse<Void>> future;
        private volatile Flow.Subscription subscription;
        private volatile boolean responded;

        Attempt(int number) {
            this.number = number;
        }

        HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
            responded = true;
            int status = info.statusCode();
            if (status >= 200 && status < 300) {
                return new AudioBody(this);
            }
            return new ErrorBody(this, status);
        }

        /** Settles what the body subscribers could not: failures before or around the response. */
        void completed(HttpResponse<Void> response, Throwable error) {
            if (error == null) {
                return;
            }
            Throwable cause = unwrap(error);
            if (stopped.get() || cause instanceof CancellationException) {
                return;
            }
            if (responded) {
                // Normally the body subscriber failed the inbox already; then this changes nothing.
                inbox.fail(ProviderErrors.dropped(OpenAiProvider.NAME, cause.getClass().getSimpleName()));
                return;
            }
            if (number < MAX_ATTEMPTS && deadBeforeAccepted(cause)) {
                LOGGER.log(Level.FINE, "openai connection closed before a response ({0}); sending once more",
                           cause.getClass().getSimpleName());
                send(number + 1);
                return;
            }
            if (cause instanceof IOException io) {
                inbox.fail(ProviderErrors.unreachable(OpenAiProvider.NAME, io));
            } else {
                inbox.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                                 OpenAiProvider.NAME + " request failed", cause));
            }
        }

        void subscribed(Flow.Subscription s) {
            subscription = s;
            if (stopped.get()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<HttpResponse<Void>> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    /**
     * A 2xx body: raw 16-bit samples, pushed as they come. Pieces are cut at even lengths so no
     * sample is ever split between two chunks handed to the reader.
     */
    private final class AudioBody implements HttpResponse.BodySubscriber<Void> {
        private final Attempt owner;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int carry = -1;
        private long received;

        AudioBody(Attempt owner) {
            this.owner = owner;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            owner.subscribed(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            int size = carry >= 0 ? 1 : 0;
            for (ByteBuffer buffer : buffers) {
                size += buffer.remaining();
            }
            received += size - (carry >= 0 ? 1 : 0);
            byte[] chunk = new byte[size & ~1];
            int at = 0;
            if (carry >= 0 && chunk.length > 0) {
                chunk[at++] = (byte) carry;
                carry = -1;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), chunk.length - at);
                buffer.get(chunk, at, take);
                at += take;
                if (buffer.hasRemaining()) {
                    carry = buffer.get() & 0xFF;
                }
            }
            if (chunk.length > 0 && !inbox.push(chunk)) {
                // Closed by the reader, or over the buffer limit: no more of this body.
                owner.subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!stopped.get()) {
                LOGGER.log(Level.FINE, "openai response cut after {0} bytes: {1}",
                           new Object[] {received, error.getClass().getSimpleName()});
                inbox.fail(ProviderErrors.dropped(OpenAiProvider.NAME, "after " + received + " bytes"));
            }
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            if (carry >= 0) {
                LOGGER.log(Level.FINE, "openai audio ended with half a sample; dropped");
            }
            inbox.finish();
            done.complete(null);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }
    }

    /** A non-2xx body: kept (bounded) to read OpenAI's error code from, then the inbox fails. */
    private final class ErrorBody implements HttpResponse.BodySubscriber<Void> {
        private final Attempt owner;
        private final int status;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private boolean settled;

        ErrorBody(Attempt owner, int status) {
            this.owner = owner;
            this.status = status;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            owner.subscribed(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), MAX_ERROR_BODY_BYTES - body.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                body.write(bytes, 0, take);
            }
            if (body.size() >= MAX_ERROR_BODY_BYTES) {
                // Not an OpenAI error body; what was read decides, the connection is not kept.
                owner.subscription.cancel();
                settle();
            }
        }

        @Override
        public void onError(Throwable error) {
            settle();
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            settle();
            done.complete(null);
        }

        private void settle() {
            if (settled) {
                return;
            }
            settled = true;
            ProviderException failure = OpenAiErrors.of(status, body.toByteArray());
            // The exception's message is safe by construction; OpenAI's own message is not logged.
            LOGGER.log(Level.FINE, "openai request failed: {0}", failure.getMessage());
            inbox.fail(failure);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }
    }
}
