package io.ttsgateway.synthesis;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.breaker.CallPermit;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * A provider stream that tells its breaker how the call went: a success at its first answer
 * (audio, or its end), a failure when it fails before that, nothing when it is closed first (a
 * cancel). Whoever reads it, the request's own thread or a shared synthesis, reports for it.
 */
final class GuardedStream implements AudioStream {

    private final AudioStream stream;
    private final CallPermit permit;

    GuardedStream(AudioStream stream, CallPermit permit) {
        this.stream = stream;
        this.permit = permit;
    }

    @Override
    public AudioFormat format() {
        return stream.format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        byte[] chunk;
        try {
            chunk = stream.read();
        } catch (ProviderException e) {
            permit.failed(e); // ignored after the first answer or a close
            throw e;
        }
        permit.succeeded();
        return chunk;
    }

    @Override
    public WordAlignment nextAlignment() {
        return stream.nextAlignment();
    }

    @Override
    public boolean cacheable() {
        return stream.cacheable();
    }

    @Override
    public void close() {
        permit.release(); // first: the failure a closed stream throws at its reader is not the provider's
        stream.close();
    }
}
