package io.ttsgateway.elevenlabs;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs' multi-context socket on the link core: messages routed by {@code contextId}, a cancel
 * is {@code close_context}, and a cancelled context holds its slot until its final message.
 */
final class ElevenLabsCodec implements LinkCodec {

    private static final Logger LOGGER = Logger.getLogger(ElevenLabsCodec.class.getName());
    /** Type of the events made of audio messages. */
    static final String AUDIO = "audio";
    /** Type of the events made of messages without audio (the provider is working). */
    static final String PROGRESS = "progress";

    /**
     * Five contexts per socket; an idle socket 20 s from its inactivity timeout is replaced rather
     * than used, since a request sent just as the server gives up would be lost.
     */
    static LinkLimits limits(ProviderTimeouts timeouts) {
        long quiet = Math.clamp(Math.min(timeouts.firstByte().toMillis(), timeouts.stall().toMillis()) / 5, 50, 2000);
        return new LinkLimits(5, false, 0, Duration.ofMinutes(1),
                              Duration.ofSeconds(SocketKey.INACTIVITY_TIMEOUT_SECONDS - 20), Duration.ofSeconds(30),
                              Duration.ofMillis(quiet), timeouts.firstByte().plus(timeouts.stall()));
    }

    @Override
    public Frame decode(String text) {
        JsonNode message;
        try {
            message = ElevenLabsMessages.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Frame.IGNORED;
        }
        if (!message.isObject()) {
            return Frame.IGNORED;
        }
        String id = ElevenLabsMessages.contextId(message);
        if (ElevenLabsErrors.isErrorFrame(message)) {
            return error(message, id);
        }
        if (id == null) {
            // The server's default context, which this client never uses.
            return Frame.IGNORED;
        }
        if (ElevenLabsMessages.isFinal(message)) {
            return new Frame.Done(id);
        }
        return new Frame.Event(id, ElevenLabsMessages.audio(message) == null ? PROGRESS : AUDIO, message);
    }

    @Override
    public List<String> cancel(String route) {
        return List.of(ElevenLabsMessages.closeContext(route));
    }

    @Override
    public boolean cancelHoldsSlot() {
        return true;
    }

    @Override
    public String readdress(String message, String from, String to) {
        try {
            if (ElevenLabsMessages.JSON.readTree(message) instanceof ObjectNode node
                    && from.equals(ElevenLabsMessages.contextId(node))) {
                return node.put("context_id", to).toString();
            }
        } catch (JsonProcessingException e) {
            // Every message of this client is JSON.
        }
        return message;
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return ElevenLabsErrors.forClose(code, reason);
    }

    private static Frame error(JsonNode message, String id) {
        String code = ElevenLabsErrors.frameCode(message);
        int closeCode = message.path("code").isInt() ? message.path("code").asInt() : ElevenLabsErrors.POLICY_VIOLATION;
        LOGGER.fine(() -> NAME + " reported " + ProviderErrors.safeCode(String.valueOf(code))
                + (id == null ? " for the socket" : " for a context"));
        if (id == null && ElevenLabsErrors.INPUT_TIMEOUT.equals(code)) {
            // Only "reconnect": the close that follows ends the link, and what had no answer is sent again.
            return Frame.IGNORED;
        }
        return new Frame.Failed(id, ElevenLabsErrors.forSocket(code, closeCode));
    }
}
