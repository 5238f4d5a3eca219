package io.ttsgateway.provider.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * One streamed {@code POST} to a provider: a virtual thread sends it and reads an error answer; a
 * 2xx body goes into an {@link AudioInbox} from the HTTP client's own thread as it arrives
 * ({@link InboxFeed}). A body read to its end leaves the connection in the client's pool; a call
 * stopped early cancels the body, which closes the connection: on HTTP/1.1 the only way to tell the
 * provider to stop.
 */
public final class HttpAudioCall implements AudioInbox.Owner {

    /** Largest error body read; providers' are short JSON. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** Added to connect plus first-byte time as the longest wait for the response headers. */
    private static final long HEADERS_SLACK_MILLIS = 2000;
    private static final Logger LOGGER = Logger.getLogger(HttpAudioCall.class.getName());

    /** What stays the same across a provider's calls; the client's pool keeps connections alive. */
    public record Vendor(String name, HttpClient client, ProviderTimeouts timeouts, ProviderErrors.Table errors) {
    }

    /** The vendor's response mapping: a 2xx body's bytes, in order, into the inbox. One per response. */
    public interface Body {
        /** Takes the next bytes; false when the inbox refused audio (the request is over): stop. */
        boolean accept(ByteBuffer bytes, AudioInbox inbox) throws ProviderException;

        /** The body ended: hands on what is still held. */
        default void end(AudioInbox inbox) throws ProviderException {
        }
    }

    private final Vendor vendor;
    private final HttpRequest request;
    private final Body body;
    private final Consumer<HttpAudioCall> onEnd;
    private final AudioInbox inbox;
    private final Thread pump;
    private volatile boolean stopped;
    private volatile InputStream response;
    private volatile InboxFeed feed;

    /** Prepares a call; {@link #start()} sends it, so the caller can track it before {@code onEnd}. */
    public HttpAudioCall(Vendor vendor, HttpRequest request, AudioFormat format, Body body,
                         Consumer<HttpAudioCall> onEnd) {
        this.vendor = vendor;
        this.request = request;
        this.body = body;
        this.onEnd = onEnd;
        this.inbox = new AudioInbox(vendor.name(), format, vendor.timeouts(), this);
        this.pump = Thread.ofVirtual().name(vendor.name() + "-http").unstarted(this::run);
    }

    /** A JSON {@code POST}; a header the client refuses (a malformed key) is {@code AUTH_FAILED}. */
    public static HttpRequest post(Vendor vendor, URI uri, Map<String, String> headers, String json)
            throws ProviderException {
        return HttpExchange.build(vendor.name(), HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), headers);
    }

    /** Sends the request on its own thread; returns at once. */
    public HttpAudioCall start() {
        pump.start();
        return this;
    }

    /** The audio, in the format given. */
    public AudioInbox stream() {
        return inbox;
    }

    /** Fails the call and stops it at the provider (its session or provider closed); any thread. */
    public void abort(ProviderException why) {
        inbox.fail(why);
        stop();
    }

    @Override
    public void released(AudioInbox released, boolean finished) {
        if (!finished) {
            stop();
        }
    }

    private void stop() {
        stopped = true;
        InboxFeed current = feed;
        if (current != null) {
            current.cancel();
        }
        close(response);
        pump.interrupt();
    }

    /** A 2xx body feeds the inbox; any other is read whole on the pump, for the vendor's error table. */
    private HttpResponse.BodySubscriber<InputStream> subscriber(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 != 2) {
            return HttpResponse.BodySubscribers.ofInputStream();
        }
        InboxFeed created = new InboxFeed(vendor.name(), body, inbox);
        feed = created;
        if (stopped) {
            created.cancel();
        }
        return created;
    }

    private void run() {
        try {
            long wait = vendor.timeouts().connect().toMillis() + vendor.timeouts().firstByte().toMillis()
                    + HEADERS_SLACK_MILLIS;
            HttpResponse<InputStream> answer = stopped ? null : HttpExchange.send(
                    vendor.client(), vendor.name(), request, this::subscriber, wait);
            response = answer == null ? null : answer.body();
            if (stopped) {
                return;
            } else if (answer.statusCode() / 100 != 2) {
                ProviderException failure = vendor.errors().of(answer.statusCode(),
                                                               response.readNBytes(MAX_ERROR_BODY_BYTES));
                // The message is safe by construction; the provider's own text is not logged.
                LOGGER.log(Level.FINE, "{0} request failed: {1}", new Object[] {vendor.name(), failure.getMessage()});
                inbox.fail(failure);
                return;
            }
            feed.ended().get(); // the feed ends the inbox; the pump only outlives it to report the end
        } catch (ExecutionException e) {
            throw new IllegalStateException("a feed never completes exceptionally", e);
        } catch (ProviderException | IOException | InterruptedException e) {
            if (!stopped) {
                inbox.fail(e instanceof ProviderException p ? p : e instanceof IOException
                        ? ProviderErrors.dropped(vendor.name(), "response cut")
                        : new ProviderException(ProviderErrorKind.UNAVAILABLE, vendor.name() + " interrupted"));
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, vendor.name() + " HTTP stream failed", e);
            inbox.fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                             vendor.name() + " answered unexpectedly", e));
        } finally {
            close(response);
            onEnd.accept(this);
        }
    }

    private void close(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "closing a " + vendor.name() + " response failed", e);
        }
    }
}
