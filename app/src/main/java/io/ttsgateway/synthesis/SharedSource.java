package io.ttsgateway.synthesis;

import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * One request's audio from a {@link SharedSynthesis}: the whole of it from the start, whether this
 * request opened the provider stream or joined it. The shared synthesis commits the cache entry.
 */
final class SharedSource implements AudioSource {

    private final SharedSynthesis.Reader reader;
    private final Runnable released;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedSource(SharedSynthesis.Reader reader, Runnable released) {
        this.reader = reader;
        this.released = released;
    }

    @Override
    public AudioFormat format() {
        return reader.format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        return reader.read();
    }

    @Override
    public WordAlignment nextAlignment() {
        return reader.nextAlignment();
    }

    @Override
    public boolean cached() {
        return false;
    }

    @Override
    public void complete() {
        // The reader that reads the provider's end commits the entry, whichever request it serves.
    }

    @Override
    public boolean abort() {
        return reader.abort();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            reader.close();
            released.run();
        }
    }
}
