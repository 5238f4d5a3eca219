package io.ttsgateway.provider.net;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.net.http.HttpResponse;

import io.ttsgateway.provider.ProviderException;

/**
 * A 2xx response body handed to its {@link HttpAudioCall.Body} on the HTTP client's own thread as the
 * bytes arrive, so audio reaches the request's {@link AudioInbox} without a reader thread between
 * them. Its body value is {@code null} at once: the response is complete when its headers are.
 */
final class InboxFeed implements HttpResponse.BodySubscriber<InputStream> {

    private final String provider;
    private final HttpAudioCall.Body body;
    private final AudioInbox inbox;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    InboxFeed(String provider, HttpAudioCall.Body body, AudioInbox inbox) {
        this.provider = provider;
        this.body = body;
        this.inbox = inbox;
    }

    /** Completes when the body ended, failed or was cancelled. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Stops reading and closes the connection (HTTP/1.1 has no other way to stop a response); any thread. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        ended.complete(null);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(null);
    }

    @Override
    public void onSubscribe(Flow.Subscription granted) {
        subscription = granted;
        if (cancelled) {
            granted.cancel();
        } else {
            granted.request(Long.MAX_VALUE); // the inbox holds what arrives, up to its own bound
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (ended.isDone()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                if (!body.accept(buffer, inbox)) {
                    cancel(); // the request was closed or failed: nothing more is wanted
                    return;
                }
            }
        } catch (ProviderException e) {
            inbox.fail(e);
            cancel();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!cancelled) {
            inbox.fail(ProviderErrors.dropped(provider, "response cut"));
        }
        ended.complete(null);
    }

    @Override
    public void onComplete() {
        if (!cancelled) {
            try {
                body.end(inbox);
                inbox.finish();
            } catch (ProviderException e) {
                inbox.fail(e);
            }
        }
        ended.complete(null);
    }
}
