package io.ttsgateway.provider.link;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * A codec for a made-up wire protocol of words: {@code audio <route|-> <text>}, {@code done <route|->},
 * {@code fail <route|-> <KIND>}, {@code event <route>}, {@code ready}; a cancel is {@code cancel <route>}.
 */
record TextCodec(boolean awaitsReady, boolean cancelHoldsSlot) implements LinkCodec {

    static final TextCodec PLAIN = new TextCodec(false, false);

    @Override
    public Frame decode(String message) {
        String[] words = message.split(" ", 3);
        String route = words.length > 1 && !words[1].equals("-") ? words[1] : null;
        return switch (words[0]) {
            case "ready" -> new Frame.Ready("s1");
            case "audio" -> new Frame.Audio(route, words[2].getBytes(StandardCharsets.UTF_8));
            case "done" -> new Frame.Done(route);
            case "fail" -> new Frame.Failed(route, new ProviderException(ProviderErrorKind.valueOf(words[2]), "failed"));
            case "event" -> new Frame.Event(route, "event", null);
            default -> Frame.IGNORED;
        };
    }

    @Override
    public List<String> cancel(String route) {
        return List.of("cancel " + route);
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, code, "closed " + code + " " + reason, null);
    }
}
