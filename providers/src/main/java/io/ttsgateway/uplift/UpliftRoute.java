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

import static io.ttsgateway.uplift.UpliftSettings.NAME;

/**
 * One Uplift request: its frames fill its {@link AudioInbox}, whose close ends the request (cancelled
 * unless it had ended). A gap in the chunks' {@code sequence} would play as a click: it fails the request.
 */
final class UpliftRoute implements Route {

    private final String id = UUID.randomUUID().toString();
    private final AudioInbox inbox;
    private volatile Call call;
    /** The sequence number the next chunk must carry; touched only by the link's reader. */
    private int nextSequence;

    private UpliftRoute(UpliftRequest request, ProviderTimeouts timeouts) {
        // The first-byte clock starts before the send, so a slow send counts against it.
        inbox = new AudioInbox(NAME, request.format().audioFormat(), timeouts,
                               (closed, finished) -> call.close(finished));
    }

    /** Sends a request on the session's pool; the inbox is its audio in Uplift's format. */
    static AudioInbox start(LinkPool<String> pool, UpliftRequest request, ProviderTimeouts timeouts)
            throws ProviderException, InterruptedException {
        UpliftRoute route = new UpliftRoute(request, timeouts);
        route.call = pool.start(NAME, route, List.of(UpliftCodec.synthesize(route.id, request)),
                                request.text().length());
        if (route.inbox.isDone()) {
            route.call.close(false); // it broke before its call was known: stop it now (a no-op once ended)
        }
        return route.inbox.probeWith(route.call::ping);
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
            if (sequence.asInt(-1) != nextSequence) {
                broken("audio chunk " + nextSequence + " is missing (got " + sequence.asInt(-1) + ")");
                return;
            }
            nextSequence++;
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

    /** Stops the request at Uplift before failing it, so the reader's close cannot pre-empt the cancel. */
    private void broken(String why) {
        Call current = call;
        if (current != null) {
            current.close(false);
        }
        inbox.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " " + why));
    }
}
