package io.ttsgateway.uplift;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.Route;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One Uplift request: its frames fill its {@link AudioInbox}, whose close ends the request on its
 * link (cancelled at Uplift unless it had ended). Chunks must come in {@code sequence}: a lost or
 * reordered chunk would play as a click or a skip, so a gap fails the request and stops it.
 */
final class UpliftRoute implements Route {

    private final String id = UUID.randomUUID().toString();
    private final AudioInbox inbox;
    private volatile Call call;
    /** The sequence number the next chunk must carry; touched only by the link's reader. */
    private int nextSequence;

    private UpliftRoute(UpliftRequest request, ProviderTimeouts timeouts) {
        // The first-byte clock starts here, before the send, so a slow send counts against it.
        this.inbox = new AudioInbox(UpliftProvider.NAME, request.format().audioFormat(), timeouts,
                                    (closed, finished) -> call.close(finished));
    }

    /** Sends a request on the pool's link; the inbox is the request's audio in Uplift's format. */
    static AudioInbox start(LinkPool<String> pool, UpliftRequest request, ProviderTimeouts timeouts)
            throws ProviderException, InterruptedException {
        UpliftRoute route = new UpliftRoute(request, timeouts);
        Call call = pool.start(UpliftProvider.NAME, route, List.of(UpliftCodec.synthesize(route.id, request)),
                               request.text().length());
        route.call = call;
        if (route.inbox.isDone()) {
            call.close(false); // it broke before the call was known: stop it at Uplift now
        }
        return route.inbox.probeWith(call::ping);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void accept(Frame frame) {
        switch (frame) {
            case Frame.Done done -> inbox.finish();
            case Frame.Failed failed -> inbox.fail(failed.error());
            case Frame.Event event when event.type().equals(UpliftCodec.AUDIO) -> audio(event.message());
            default -> inbox.touch(); // audio_start: Uplift accepted the request
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        inbox.fail(error);
    }

    private void audio(JsonNode json) {
        JsonNode sequence = json.get("sequence");
        if (sequence != null && (sequence.isNumber() || sequence.isTextual())) {
            int received = sequence.asInt(-1);
            if (received != nextSequence) {
                broken("audio chunk " + nextSequence + " is missing (got " + received + ")");
                return;
            }
            nextSequence = received + 1;
        }
        String audio = UpliftCodec.text(json, "audio");
        try {
            if (audio == null || audio.isEmpty()) {
                inbox.touch();
            } else {
                inbox.push(Base64.getDecoder().decode(audio));
            }
        } catch (IllegalArgumentException e) {
            broken("sent audio that is not base64");
        }
    }

    /** Stops the request at Uplift (before the failure, so the reader's close cannot pre-empt the cancel). */
    private void broken(String why) {
        Call current = call;
        if (current != null) {
            current.close(false);
        }
        inbox.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME + " " + why));
    }
}
