package io.ttsgateway.marytts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

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

    /** Synthesizes a sentence or a few at {@code rate} (1.0 is the voice's own), with the words when {@code timed}. */
    MarySpeech synthesize(String text, double rate, boolean timed) throws SynthesisException, IOException {
        Document plan = toPlan.generateXML(text);
        SpeakingRate.apply(plan, rate);
        byte[] pcm;
        int rateOfAudio;
        try (AudioInputStream audio = toAudio.generateAudio(plan)) {
            AudioFormat format = audio.getFormat();
            if (format.getSampleSizeInBits() != BITS_PER_SAMPLE || format.getChannels() != 1) {
                throw new SynthesisException("embedded engine produced unexpected audio: " + format);
            }
            pcm = readFully(audio);
            if (format.isBigEndian()) {
                swapBytes(pcm);
            }
            rateOfAudio = Math.round(format.getSampleRate());
        }
        List<TimedWord> words = List.of();
        if (timed) {
            words = WordTimings.of(plan, MarySpeech.durationMs(pcm.length, rateOfAudio), clock);
        }
        return new MarySpeech(pcm, rateOfAudio, words);
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
