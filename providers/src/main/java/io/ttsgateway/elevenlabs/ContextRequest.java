package io.ttsgateway.elevenlabs;

import java.util.List;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One request on the multi-context WebSocket: one {@code context_id} carrying the whole text, its
 * audio inbox, its word timings. Sent as the context's first message, the text with {@code flush},
 * and {@code close_context}.
 */
final class ContextRequest extends SocketContext implements AudioInbox.Owner {

    private final ResolvedRequest request;
    private final AudioInbox inbox;
    private final WordAligner aligner;
    private final int bytesPerSecond;
    /** Touched only by the reader of the socket currently serving the request. */
    private long deliveredBytes;

    /**
     * Creates the request; its first-byte clock starts now.
     *
     * @param key      the socket it needs
     * @param request  the request
     * @param produced the format ElevenLabs sends
     * @param timeouts first-byte and stall timeouts
     */
    ContextRequest(SocketKey key, ResolvedRequest request, AudioFormat produced, ProviderTimeouts timeouts) {
        super(key);
        this.request = request;
        this.inbox = new AudioInbox(ElevenLabsProvider.NAME, produced, timeouts, this);
        this.aligner = request.timestamps() ? new WordAligner() : null;
        this.bytesPerSecond = produced.bytesPerSecond();
    }

    ResolvedRequest request() {
        return request;
    }

    AudioInbox inbox() {
        return inbox;
    }

    @Override
    VoiceSettings voiceSettings() {
        return request.settings();
    }

    @Override
    List<String> texts() {
        return List.of(request.text());
    }

    @Override
    boolean inputEnded() {
        return true;
    }

    @Override
    boolean wantsAlignment() {
        return request.timestamps();
    }

    @Override
    boolean bindable() {
        return !inbox.isDone();
    }

    @Override
    void onAudio(byte[] audio, CharAlignment alignment) {
        accepted();
        long offsetMs = deliveredBytes * 1000 / bytesPerSecond;
        deliveredBytes += audio.length;
        inbox.push(audio);
        if (aligner != null && alignment != null && !alignment.isEmpty()) {
            align(aligner.add(alignment, offsetMs));
        }
    }

    @Override
    void onProgress() {
        accepted();
        inbox.touch();
    }

    @Override
    void onFinal() {
        accepted();
        if (aligner != null) {
            align(aligner.finish());
        }
        inbox.finish();
    }

    @Override
    void fail(ProviderException error) {
        inbox.fail(error);
    }

    @Override
    public void released(AudioInbox released, boolean finished) {
        if (!finished) {
            cancel();
        }
    }

    private void align(WordAlignment words) {
        if (!words.isEmpty()) {
            inbox.align(words);
        }
    }
}
