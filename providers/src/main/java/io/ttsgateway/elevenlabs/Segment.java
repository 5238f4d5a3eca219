package io.ttsgateway.elevenlabs;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The audio of one segment of a context (of the whole request when it has one): an inbox the
 * context pushes to, and the segment's word timings, which restart at its own audio.
 */
final class Segment implements AudioStream {

    /** Spoken characters of the context up to the end of this segment. */
    final long endChars;
    private final AudioInbox inbox;
    private final WordAligner aligner;
    /** Touched only under the context's lock. */
    private long deliveredBytes;
    /** Whether the audio is exactly this segment's text's, so it may be cached as such. */
    private volatile boolean whole;

    Segment(AudioInbox inbox, long endChars, boolean timestamps) {
        this.inbox = inbox;
        this.endChars = endChars;
        this.aligner = timestamps ? new WordAligner() : null;
    }

    @Override
    public AudioFormat format() {
        return inbox.format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        return inbox.read();
    }

    @Override
    public WordAlignment nextAlignment() {
        return inbox.nextAlignment();
    }

    @Override
    public boolean cacheable() {
        return whole;
    }

    @Override
    public void close() {
        inbox.close();
    }

    /** Restarts the first-byte clock: the provider's delay for this segment starts when the one before it ended. */
    void activate() {
        inbox.push(new byte[0]);
    }

    /** Adds audio with its character timings (or null). */
    void push(byte[] audio, CharAlignment alignment) {
        long offsetMs = deliveredBytes * 1000 / inbox.format().bytesPerSecond();
        deliveredBytes += audio.length;
        inbox.push(audio);
        if (aligner != null && alignment != null && !alignment.isEmpty()) {
            inbox.align(aligner.add(alignment, offsetMs));
        }
    }

    /** Notes progress without audio. */
    void touch() {
        inbox.touch();
    }

    /** Marks the audio as exactly this segment's: its timings covered its text, or it is the only one. */
    void markWhole() {
        whole = true;
    }

    /** Ends the segment: its audio is complete. */
    void complete() {
        if (aligner != null) {
            inbox.align(aligner.finish());
        }
        inbox.finish();
    }

    /** Fails the segment, unless its reader closed it (a closed stream just ends). */
    void fail(ProviderException error) {
        if (!inbox.isDone()) {
            inbox.fail(error);
        }
    }
}
