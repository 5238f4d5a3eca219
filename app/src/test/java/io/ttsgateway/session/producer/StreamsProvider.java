package io.ttsgateway.session.producer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import io.ttsgateway.ScriptedStream;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;

/**
 * A provider that answers each open with the next stream or refusal the test lined up, and
 * records what it was asked.
 */
final class StreamsProvider implements TtsProvider {

    static final AudioFormat PCM = AudioFormat.pcm(16000);

    private final String name;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final List<SynthesisRequest> asked = new CopyOnWriteArrayList<>();

    StreamsProvider(String name) {
        this.name = name;
    }

    /** Lines up a stream for the next open. */
    ScriptedStream next() {
        ScriptedStream stream = new ScriptedStream(PCM);
        answers.add(stream);
        return stream;
    }

    /** Lines up a refusal for the next open. */
    void refuseNext(ProviderException refusal) {
        answers.add(refusal);
    }

    /** What each open asked for, in order. */
    List<SynthesisRequest> asked() {
        return List.copyOf(asked);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(Set.of(PCM), false, false, Integer.MAX_VALUE);
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        asked.add(request);
        Object answer = answers.poll();
        if (answer == null) {
            throw new AssertionError("the test lined up no answer for open " + asked.size());
        }
        if (answer instanceof ProviderException refusal) {
            throw refusal;
        }
        return (AudioStream) answer;
    }
}
