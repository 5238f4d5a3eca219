package io.ttsgateway.synthesis;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.cache.CorruptEntryException;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * Audio served from a cache entry, in the chunk sizes it was stored with, verified as it is read.
 * An entry found corrupt mid-stream fails the request (audio has gone out, so there is no
 * fallback); the cache has deleted it, so the next identical request is a miss.
 */
final class CachedSource implements AudioSource {

    private final CachedAudio audio;
    private final Runnable released;
    private final AudioFormat format;
    private final AtomicBoolean closed = new AtomicBoolean();

    CachedSource(CachedAudio audio, AudioFormat format, Runnable released) {
        this.audio = audio;
        this.format = format;
        this.released = released;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled");
        }
        try {
            return audio.next();
        } catch (CorruptEntryException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "cached audio failed its check (" + e.getMessage()
                                                + ") and was removed; ask again", e);
        } catch (IOException e) {
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
    public boolean abort() {
        // Reads from a local file return promptly; the reading thread closes the file.
        return true;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            audio.close();
            released.run();
        }
    }
}
