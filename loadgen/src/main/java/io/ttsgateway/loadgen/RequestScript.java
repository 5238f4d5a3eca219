package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages one request sends, each with when to send it relative to the first: one
 * {@code synthesize} for whole input; for stream input an {@code append} per piece of the text,
 * one {@link Options#tokenInterval()} apart, then {@code end} right after the last append (an LLM's
 * stream ends with its last token).
 *
 * @param steps the messages in order; never empty
 */
public record RequestScript(List<Step> steps) {

    /**
     * One message of a request.
     *
     * @param message     the JSON text
     * @param offsetNanos when to send it, after the request's first message
     * @param endsText    whether it is the {@code end} that completes a streamed text
     */
    public record Step(String message, long offsetNanos, boolean endsText) {
    }

    /**
     * Copies the steps.
     *
     * @param steps the messages in order
     * @throws IllegalArgumentException if there are none
     */
    public RequestScript {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a request sends at least one message");
        }
        steps = List.copyOf(steps);
    }

    /**
     * The script of a request as the options ask for it.
     *
     * @param options input mode and pacing
     * @param id      request id
     * @param text    the request's text
     * @return the script
     */
    public static RequestScript of(Options options, String id, String text) {
        return switch (options.input()) {
            case WHOLE -> whole(id, text);
            case STREAM -> stream(id, text, options.tokensPerAppend(), options.tokenInterval().toNanos());
        };
    }

    /**
     * One {@code synthesize} with the whole text.
     *
     * @param id   request id
     * @param text the text
     * @return the script
     */
    public static RequestScript whole(String id, String text) {
        return new RequestScript(List.of(new Step(
                "{\"action\":\"synthesize\",\"requestId\":" + Json.quote(id) + ",\"text\":" + Json.quote(text) + "}",
                0, false)));
    }

    /**
     * The text as paced {@code append}s of a few tokens each, then {@code end}.
     *
     * @param id              request id, on every message (the protocol requires it for streamed input)
     * @param text            non-blank text
     * @param tokensPerAppend tokens per append, at least 1
     * @param intervalNanos   pause between two appends
     * @return the script
     */
    public static RequestScript stream(String id, String text, int tokensPerAppend, long intervalNanos) {
        String quotedId = Json.quote(id);
        List<String> pieces = Tokens.pieces(text, tokensPerAppend);
        List<Step> steps = new ArrayList<>(pieces.size() + 1);
        for (int i = 0; i < pieces.size(); i++) {
            steps.add(new Step("{\"action\":\"append\",\"requestId\":" + quotedId + ",\"text\":"
                               + Json.quote(pieces.get(i)) + "}", i * intervalNanos, false));
        }
        long last = steps.getLast().offsetNanos();
        steps.add(new Step("{\"action\":\"end\",\"requestId\":" + quotedId + "}", last, true));
        return new RequestScript(steps);
    }

    /**
     * How long sending the script takes at its pace.
     *
     * @return offset of the last message
     */
    public long durationNanos() {
        return steps.getLast().offsetNanos();
    }
}
