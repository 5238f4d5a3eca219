package io.ttsgateway.synthesis;

import java.io.UncheckedIOException;

import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * Audio served from a verified cache entry, in the chunk sizes it was stored with.
 */
final class CachedSource implements AudioSource {

    private final CachedAudio audio;
    private final Runnable released;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    CachedSource(CachedAudio audio, Runnable released) {
        this.audio = audio;
        this.released = released;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled");
        }
        try {
            return audio.next();
        } catch (UncheckedIOException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "cached audio could not be read", e);
        }
    }

    @Override
    public boolean cached() {
        return true;
    }

    @Override
    public void complete() {
    }

    @Override
    public void abort() {
        // Reads from a local file return promptly; the reading thread closes the file.
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            audio.close();
            released.run();
        }
    }
}
