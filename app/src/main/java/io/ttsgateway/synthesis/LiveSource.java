package io.ttsgateway.synthesis;

import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.CacheWriter;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * Audio from a provider, each chunk teed into a cache writer (one that discards when caching is off). A chunk is
 * written to the cache when the next one is asked for, not before it is handed out, so disk I/O
 * (creating the entry's file included) is never on the path of the first byte.
 */
final class LiveSource implements AudioSource {

    private final AudioStream stream;
    private final CacheWriter writer;
    private final Runnable released;
    /** The chunk last returned, not yet in the cache. */
    private byte[] handedOut;
    private final AtomicBoolean closed = new AtomicBoolean();

    LiveSource(AudioStream stream, CacheWriter writer, Runnable released) {
        this.stream = stream;
        this.writer = writer;
        this.released = released;
    }

    @Override
    public AudioFormat format() {
        return stream.format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        if (handedOut != null) {
            writer.write(handedOut);
        }
        handedOut = stream.read();
        return handedOut;
    }

    @Override
    public WordAlignment nextAlignment() {
        return stream.nextAlignment();
    }

    @Override
    public boolean cached() {
        return false;
    }

    @Override
    public void complete() {
        if (stream.cacheable()) {
            writer.commit();
        }
    }

    @Override
    public boolean abort() {
        // Only the provider stream: the cache writer belongs to the reading thread.
        stream.close();
        return true;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stream.close();
            writer.close();
            released.run();
        }
    }
}
