package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * An utterance spoken by ElevenLabs, its text arriving in segments: on the WebSocket all in one
 * context ({@link ContextRoute}), over HTTP one request each ({@link HttpSegments}). Every segment
 * must have the first one's options, since a context's voice settings are fixed by its first message
 * and its socket by its URL. Segments are opened from one thread; {@link #close()} may come from any.
 */
final class ElevenLabsContinuation implements Continuation {

    /** Checks segments and begins the utterance on its first one. */
    interface Opener {
        /** The segment, checked and completed with the defaults. */
        ResolvedRequest resolve(SynthesisRequest segment) throws ProviderException;

        /** Starts the utterance where its first segment says; {@code whole}: no segment follows. */
        Segments begin(ResolvedRequest first, boolean whole) throws ProviderException, InterruptedException;
    }

    private final Opener opener;
    private ResolvedRequest first;
    private Segments segments;
    private ProviderException broken;
    private boolean finished;
    private boolean closed;

    ElevenLabsContinuation(Opener opener) {
        this.opener = opener;
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        ResolvedRequest resolved = opener.resolve(segment);
        Segments target;
        synchronized (this) {
            checkOpen();
            if (broken != null) {
                throw broken;
            }
            if (first != null && !first.sameOptions(resolved)) {
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME
                        + " segments of one utterance must share voice, model, format, settings and language");
            }
            first = first == null ? resolved : first;
            target = segments;
        }
        if (target != null) {
            return target.open(resolved);
        }
        try {
            target = opener.begin(resolved, false);
        } catch (ProviderException e) {
            synchronized (this) {
                broken = e;
            }
            throw e;
        }
        boolean late;
        synchronized (this) {
            segments = target;
            late = closed;
        }
        if (late) {
            target.close();
            throw new InterruptedException("utterance closed");
        }
        return target.first();
    }

    @Override
    public void finish() {
        Segments target;
        synchronized (this) {
            if (finished || closed) {
                return;
            }
            finished = true;
            target = segments;
        }
        if (target != null) {
            target.finish();
        }
    }

    @Override
    public void close() {
        Segments target;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            target = segments;
        }
        if (target != null) {
            target.close();
        }
    }

    /** Under this object's lock. */
    private void checkOpen() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("utterance closed");
        }
        if (finished) {
            throw new IllegalStateException("no segment may follow finish()");
        }
    }
}
