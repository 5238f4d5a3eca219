package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderLoad;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.capacity.CapacityGate;
import io.ttsgateway.provider.capacity.Permit;

/**
 * The embedded MaryTTS engine: US English at 48 kHz, resampled to any PCM rate or G.711, with a
 * speaking rate and word timings taken from the engine's own phone and pause durations, so they cost
 * no second synthesis. MaryTTS is CPU-bound, so a fixed pool of engines ({@link MaryEngines}) serves
 * the requests sentence by sentence, and a {@link CapacityGate} admits only as many requests as the
 * engines serve with first audio within about a second: one more is refused at once as busy, before it
 * waits for anything, and an admitted request keeps its slot to its last sentence, so it never fails
 * partway for want of an engine.
 */
public final class MaryTtsProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = MaryTtsSettings.NAME;
    /** The voice shipped with the gateway. */
    public static final String DEFAULT_VOICE = "cmu-slt-hsmm";
    /** What a request may carry in one go; segments are synthesized one by one anyway. */
    public static final int MAX_TEXT_LENGTH = 100_000;
    /** What the shipped voice produces; every other format is converted from it. */
    public static final AudioFormat NATIVE_FORMAT = AudioFormat.pcm(48_000);

    private static final Logger LOGGER = Logger.getLogger(MaryTtsProvider.class.getName());

    private final MaryTtsSettings settings;
    private final CapacityGate gate;
    private volatile ProviderCapabilities capabilities;
    /** Null until {@link #initialize()} started them. */
    private volatile MaryEngines engines;

    /** Creates the provider; engines are loaded by {@link #initialize()}. */
    public MaryTtsProvider(MaryTtsSettings settings) {
        this.settings = settings;
        this.gate = new CapacityGate(NAME, settings.admitted(), () -> {
            MaryEngines pool = engines;
            return pool == null ? 0 : pool.waiting();
        });
        this.capabilities = capabilitiesFor(NATIVE_FORMAT.sampleRate());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public String defaultVoice() {
        return settings.voice();
    }

    /** The one installed voice; it speaks English only (see {@link MaryLanguage}). */
    @Override
    public List<Voice> voices() {
        return List.of(new Voice(settings.voice(), settings.voice(), List.of(MaryLanguage.ENGLISH), null, NAME));
    }

    @Override
    public synchronized void initialize() throws ProviderException {
        if (engines != null) {
            return;
        }
        long started = System.nanoTime();
        MaryEngines pool = MaryEngines.start(settings);
        capabilities = capabilitiesFor(pool.sampleRate);
        engines = pool;
        LOGGER.info(() -> "Embedded engine ready: voice " + settings.voice() + ", " + settings.maxConcurrent()
                + " engines, " + settings.admitted() + " requests at once, warmed up in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    @Override
    public boolean isReady() {
        return engines != null;
    }

    @Override
    public Optional<ProviderLoad> load() {
        return Optional.of(gate);
    }

    /** A streamed request takes one slot for its whole utterance, at its first segment, so no later segment is refused. */
    @Override
    public ProviderSession openSession() {
        return new ProviderSession() {
            @Override
            public AudioStream open(SynthesisRequest request) throws ProviderException {
                return MaryTtsProvider.this.open(request);
            }

            @Override
            public Continuation openContinuation() {
                return new MaryUtterance(gate, first -> openAdmitted(first, true), later -> openAdmitted(later, false));
            }
        };
    }

    /**
     * Checks the request and prepares its stream, synthesized from the first read; {@code UNAVAILABLE}
     * before the engine is warm, {@code INVALID_REQUEST} for another voice or language, a speed that is
     * not a positive number, or WAV (framed by the gateway), {@code BUSY} at once when every slot is taken.
     */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        MaryEngines ready = check(request);
        Permit permit = gate.admit();
        try {
            return stream(ready, request, permit, true);
        } catch (ProviderException | RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    /** Opens a segment of an utterance that holds a slot: checked, never refused as busy. */
    private AudioStream openAdmitted(SynthesisRequest request, boolean first) throws ProviderException {
        return stream(check(request), request, null, first);
    }

    /**
     * The stream of a checked request; it frees the slot, if it holds one, at its end or close. The
     * first sentence of a reply's first text may be cut at its first phrase ({@link FirstPhrase}).
     */
    private AudioStream stream(MaryEngines ready, SynthesisRequest request, Permit permit, boolean first)
            throws ProviderException {
        double rate = SpeakingRate.of(request);
        // G.711 is 8 kHz: the engine's audio is resampled to 8 kHz PCM, then encoded.
        AudioFormat produced = AudioFormat.pcm(request.format().sampleRate());
        List<String> sentences = SentenceSplitter.split(request.text());
        List<String> segments = first ? FirstPhrase.cut(sentences, settings.firstPhraseWords()) : sentences;
        AudioStream stream = new MaryAudioStream(ready, segments, produced,
                                                 settings.chunk(), rate, request.timestamps(), permit);
        return ConvertedAudioStream.of(stream, request.format());
    }

    /** The engines, when the request is one they can speak. */
    private MaryEngines check(SynthesisRequest request) throws ProviderException {
        MaryEngines ready = engines;
        if (ready == null) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "embedded engine is still warming up");
        }
        if (request.voice() != null && !request.voice().equals(settings.voice())) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        "voice '" + request.voice() + "' is not available; the embedded engine has "
                                                + settings.voice());
        }
        MaryLanguage.check(request);
        SpeakingRate.of(request);
        if (request.format().encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams PCM or G.711; WAV framing is not a provider's job");
        }
        return ready;
    }

    /** Stops the engines' threads. */
    @Override
    public void close() {
        MaryEngines pool = engines;
        if (pool != null) {
            pool.close();
        }
    }

    /** Word timings yes, streaming input no (each segment is synthesized on its own). */
    private static ProviderCapabilities capabilitiesFor(int sampleRate) {
        Set<AudioFormat> natives = AudioFormat.PCM_RATES.contains(sampleRate) ? Set.of(AudioFormat.pcm(sampleRate))
                : Set.of();
        return new ProviderCapabilities(natives, true, false, MAX_TEXT_LENGTH);
    }
}
