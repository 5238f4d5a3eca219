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
 * One synthesis slot of the embedded engine: MaryTTS's pipeline run in two halves, text to acoustic
 * parameters, then acoustic parameters to audio.
 *
 * <p>The halves together are exactly what a plain text-to-audio call runs (same modules, same audio,
 * same cost); splitting there is what gives the speaking rate and the word timings without a second
 * synthesis: between the halves the phone and pause durations are scaled to the requested rate, and
 * after the second half the same document, which the synthesizer updated with the pauses it
 * realised, tells when each word is spoken.
 *
 * <p>MaryTTS's interface objects keep per-call state, so an engine serves one synthesis at a time.
 */
final class MaryEngine {

    private static final String ACOUSTPARAMS = "ACOUSTPARAMS";
    private static final int BITS_PER_SAMPLE = 16;

    private final LocalMaryInterface toPlan;
    private final LocalMaryInterface toAudio;
    private final PhoneClock clock;
    private final int sampleRate;

    /**
     * Creates an engine; starts MaryTTS if this is the first one.
     *
     * @param voice the MaryTTS voice name
     * @throws MaryConfigurationException when MaryTTS cannot start
     * @throws IllegalArgumentException   when the voice does not exist
     */
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

    /**
     * The rate of the audio this engine produces, the voice's own.
     *
     * @return samples per second
     */
    int sampleRate() {
        return sampleRate;
    }

    /**
     * Synthesizes a piece of text.
     *
     * @param text  the text, a sentence or a few
     * @param rate  the speaking rate, 1.0 for the voice's own
     * @param timed whether to read the word timings too
     * @return the audio and, when asked, the words
     * @throws SynthesisException when MaryTTS fails
     * @throws IOException        when its audio cannot be read
     */
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
