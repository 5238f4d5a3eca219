package io.ttsgateway.marytts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.w3c.dom.Document;

import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.exceptions.SynthesisException;
import marytts.htsengine.HMMData;
import marytts.htsengine.HMMVoice;
import marytts.modules.synthesis.Voice;

/**
 * One synthesis slot: MaryTTS's pipeline in two halves (text to acoustic parameters, then to audio),
 * together exactly what a plain text-to-audio call runs. Between the halves the durations are scaled
 * to the rate; after them the same document, updated with the realised pauses, times the words.
 * MaryTTS's interface objects keep per-call state, so an engine serves one synthesis at a time.
 */
final class MaryEngine {

    private static final String ACOUSTPARAMS = "ACOUSTPARAMS";
    private static final int BITS_PER_SAMPLE = 16;
    /** Pieces of audio handed on per second of speech: 20 ms each, so the first chunk waits for little. */
    private static final int PIECES_PER_SECOND = 50;

    private final LocalMaryInterface toPlan;
    private final LocalMaryInterface toAudio;
    private final PhoneClock clock;
    private final int sampleRate;

    /** Creates an engine, starting MaryTTS with the first; {@code IllegalArgumentException} for an unknown voice. */
    MaryEngine(String voice) throws MaryConfigurationException {
        toPlan = new LocalMaryInterface();
        toPlan.setVoice(voice);
        toPlan.setOutputType(ACOUSTPARAMS);
        toAudio = new LocalMaryInterface();
        toAudio.setVoice(voice);
        toAudio.setInputType(ACOUSTPARAMS);
        Voice maryVoice = Voice.getVoice(voice);
        sampleRate = Math.round(maryVoice.dbAudioFormat().getSampleRate());
        clock = clockOf(maryVoice);
    }

    /** The rate of the audio this engine produces, the voice's own. */
    int sampleRate() {
        return sampleRate;
    }

    /**
     * Synthesizes a sentence or a few at {@code rate} (1.0 is the voice's own), with the words when
     * {@code timed}, handing the audio to {@code pieces} as the vocoder makes it: MaryTTS's vocoder
     * runs on a thread of its own and streams, while the words and the length are known before its
     * first sample. The first piece carries all the words; the call returns after the last piece.
     */
    void synthesize(String text, double rate, boolean timed, Consumer<MarySpeech> pieces)
            throws SynthesisException, IOException {
        Document plan = toPlan.generateXML(text);
        SpeakingRate.apply(plan, rate);
        try (AudioInputStream audio = toAudio.generateAudio(plan)) {
            AudioFormat format = audio.getFormat();
            if (format.getSampleSizeInBits() != BITS_PER_SAMPLE || format.getChannels() != 1) {
                throw new SynthesisException("embedded engine produced unexpected audio: " + format);
            }
            int rateOfAudio = Math.round(format.getSampleRate());
            long frames = audio.getFrameLength();
            if (frames == AudioSystem.NOT_SPECIFIED) {
                // A voice that does not say its length up front: the words are timed from the whole audio.
                byte[] pcm = littleEndian(readFully(audio), format);
                pieces.accept(new MarySpeech(pcm, rateOfAudio, timed ? timings(plan, pcm.length, rateOfAudio) : List.of()));
                return;
            }
            List<TimedWord> words = timed ? timings(plan, frames * 2, rateOfAudio) : List.of();
            byte[] buffer = new byte[rateOfAudio / PIECES_PER_SECOND * 2];
            for (int n = readPiece(audio, buffer); n > 0; n = readPiece(audio, buffer)) {
                pieces.accept(new MarySpeech(littleEndian(Arrays.copyOf(buffer, n), format), rateOfAudio, words));
                words = List.of();
            }
            if (!words.isEmpty()) {
                pieces.accept(new MarySpeech(new byte[0], rateOfAudio, words));
            }
        }
    }

    /** Synthesizes the whole audio at once (the warm-up's way). */
    MarySpeech synthesize(String text, double rate, boolean timed) throws SynthesisException, IOException {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        List<TimedWord> words = new ArrayList<>();
        int[] rateOfAudio = {sampleRate};
        synthesize(text, rate, timed, piece -> {
            pcm.writeBytes(piece.pcm());
            words.addAll(piece.words());
            rateOfAudio[0] = piece.sampleRate();
        });
        return new MarySpeech(pcm.toByteArray(), rateOfAudio[0], words);
    }

    private List<TimedWord> timings(Document plan, long bytes, int rateOfAudio) {
        return WordTimings.of(plan, MarySpeech.durationMs(bytes, rateOfAudio), clock);
    }

    /** Fills the buffer unless the audio ends first; the number of bytes read, 0 at the end. */
    private static int readPiece(AudioInputStream audio, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = audio.read(buffer, filled, buffer.length - filled);
            if (n == -1) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static byte[] littleEndian(byte[] pcm, AudioFormat format) {
        if (format.isBigEndian()) {
            swapBytes(pcm);
        }
        return pcm;
    }

    /** MaryTTS's stream answers readAllBytes() with its first buffer only; a plain read loop gets all. */
    static byte[] readFully(AudioInputStream audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = audio.read(buffer); n != -1; n = audio.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static PhoneClock clockOf(Voice voice) {
        if (voice instanceof HMMVoice hmm) {
            HMMData data = hmm.getHMMData();
            return PhoneClock.ofHmm(data.getFperiod(), data.getRate(), data.getCartTreeSet().getNumStates());
        }
        return PhoneClock.EXACT;
    }

    private static void swapBytes(byte[] pcm) {
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            byte t = pcm[i];
            pcm[i] = pcm[i + 1];
            pcm[i + 1] = t;
        }
    }
}
