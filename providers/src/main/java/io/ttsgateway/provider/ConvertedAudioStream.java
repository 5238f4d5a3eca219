package io.ttsgateway.provider;

import io.ttsgateway.audio.AudioConverter;
import io.ttsgateway.audio.AudioFormat;

/** A provider's stream in another format; one converter per stream, so resampling carries across chunks. */
public final class ConvertedAudioStream implements AudioStream {

    private final AudioStream source;
    private final AudioConverter converter;
    private boolean ended;
    private volatile boolean closed;

    private ConvertedAudioStream(AudioStream source, AudioFormat target) {
        this.source = source;
        this.converter = AudioConverter.create(source.format(), target);
    }

    /** The source itself when it produces {@code target}, else a converting view of it. */
    public static AudioStream of(AudioStream source, AudioFormat target) {
        return source.format().equals(target) ? source : new ConvertedAudioStream(source, target);
    }

    @Override
    public AudioFormat format() {
        return converter.to();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (!ended) {
            byte[] chunk = source.read();
            if (closed) {
                return null; // cancelled: not even the resampler's tail
            }
            byte[] converted;
            if (chunk == null) {
                ended = true;
                converted = converter.flush();
            } else {
                converted = converter.convert(chunk);
            }
            if (converted.length > 0) {
                return converted;
            }
        }
        return null;
    }

    @Override
    public WordAlignment nextAlignment() {
        return source.nextAlignment();
    }

    @Override
    public boolean cacheable() {
        return source.cacheable();
    }

    @Override
    public void close() {
        closed = true;
        source.close();
    }
}
