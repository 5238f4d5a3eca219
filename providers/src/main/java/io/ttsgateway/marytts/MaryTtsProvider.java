package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;

import marytts.exceptions.MaryConfigurationException;

/**
 * The embedded MaryTTS engine.
 *
 * <p>MaryTTS is CPU-bound and its interface objects keep per-call state, so the provider owns a
 * fixed pool of engines, one per permitted concurrent synthesis. A stream borrows an engine for one
 * sentence at a time and gives it back, so long texts of one session do not starve the others.
 *
 * <p>The voice speaks US English at 48 kHz. Requests may ask for any PCM rate (resampled here) or
 * G.711 (converted from 8 kHz PCM), a speaking rate ({@link SynthesisRequest#speed()}, applied to the
 * engine's own phone and pause durations) and word timings, which come from the same durations, so
 * they cost no second synthesis. A language other than English is refused.
 */
public final class MaryTtsProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = "marytts";
    /** The voice shipped with the gateway. */
    public static final String DEFAULT_VOICE = "cmu-slt-hsmm";
    /** What a request may carry in one go; segments are synthesized one by one anyway. */
    public static final int MAX_TEXT_LENGTH = 100_000;
    /** What the shipped voice produces; every other format is converted from it. */
    public static final AudioFormat NATIVE_FORMAT = AudioFormat.pcm(48_000);

    private static final Logger LOGGER = Logger.getLogger(MaryTtsProvider.class.getName());
    /** Varied sentences, spoken twice per engine: one pass leaves the first client's request cold. */
    private static final String WARM_UP_TEXT = "Warming up the speech engine. Hello, how can I assist you today? "
            + "The quick brown fox jumps over the lazy dog, twice, at 3.5 miles per hour.";
    private static final int WARM_UP_PASSES = 2;

    private final MaryTtsSettings settings;
    private final BlockingQueue<MaryEngine> engines;
    private volatile ProviderCapabilities capabilities;
    private volatile boolean ready;

    /**
     * Creates the provider; engines are loaded by {@link #initialize()}.
     *
     * @param settings pool size, voice, chunking and waiting limits
     */
    public MaryTtsProvider(MaryTtsSettings settings) {
        this.settings = settings;
        this.engines = new ArrayBlockingQueue<>(settings.maxConcurrent());
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

    /**
     * The one installed voice; it speaks English only (see {@link MaryLanguage}).
     *
     * @return the configured voice
     */
    @Override
    public List<Voice> voices() {
        return List.of(new Voice(settings.voice(), settings.voice(), List.of(MaryLanguage.ENGLISH), null, NAME));
    }

    @Override
    public synchronized void initialize() throws ProviderException {
        if (ready) {
            return;
        }
        long started = System.nanoTime();
        MaryLogging.configure();
        try {
            for (int i = 0; i < settings.maxConcurrent(); i++) {
                MaryEngine engine = new MaryEngine(settings.voice());
                // Full syntheses per engine so the first client does not pay for class loading and JIT.
                for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                    engine.synthesize(WARM_UP_TEXT, SpeakingRate.NORMAL, true);
                }
                engines.add(engine);
                // A configured voice other than the shipped one may speak at another rate.
                capabilities = capabilitiesFor(engine.sampleRate());
            }
        } catch (MaryConfigurationException | IllegalArgumentException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine could not start: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine warm-up failed", e);
        }
        ready = true;
        LOGGER.info(() -> "Embedded engine ready: voice " + settings.voice() + ", " + settings.maxConcurrent()
                + " engines, warmed up in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    /**
     * Checks the request and prepares its stream; synthesis starts with the first read.
     *
     * @param request what to say; {@code speed} and {@code language} are honoured, {@code model}
     *                is ignored (the engine has none)
     * @return the audio in {@code request.format()}
     * @throws ProviderException {@code UNAVAILABLE} before the engine is warm; {@code INVALID_REQUEST}
     *                           for another voice, a language other than English, a speed that is
     *                           not a positive number, or WAV (framed by the gateway, not a provider)
     */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (!ready) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "embedded engine is still warming up");
        }
        if (request.voice() != null && !request.voice().equals(settings.voice())) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        "voice '" + request.voice() + "' is not available; the embedded engine has "
                                                + settings.voice());
        }
        MaryLanguage.check(request);
        double rate = SpeakingRate.of(request);
        AudioFormat wanted = request.format();
        if (wanted.encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams PCM or G.711; WAV framing is not a provider's job");
        }
        // G.711 is 8 kHz: the engine's audio is resampled to 8 kHz PCM, then encoded.
        AudioFormat produced = AudioFormat.pcm(wanted.sampleRate());
        AudioStream stream = new MaryAudioStream(this, SentenceSplitter.split(request.text()), produced,
                                                 settings.chunk(), rate, request.timestamps());
        return ConvertedAudioStream.of(stream, wanted);
    }

    /**
     * Borrows an engine, waiting at most the configured queue time.
     */
    MaryEngine borrow() throws ProviderException, InterruptedException {
        MaryEngine engine = engines.poll(settings.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (engine == null) {
            throw new ProviderException(ProviderErrorKind.TIMEOUT,
                                        "embedded engine busy: no engine free within " + settings.queueTimeout());
        }
        return engine;
    }

    void giveBack(MaryEngine engine) {
        if (!engines.offer(engine)) {
            LOGGER.log(Level.WARNING, "Engine pool overflow; an engine was returned twice");
        }
    }

    /** Word timings yes, streaming input no (each segment is synthesized on its own). */
    private static ProviderCapabilities capabilitiesFor(int sampleRate) {
        Set<AudioFormat> natives = AudioFormat.PCM_RATES.contains(sampleRate) ? Set.of(AudioFormat.pcm(sampleRate))
                : Set.of();
        return new ProviderCapabilities(natives, true, false, MAX_TEXT_LENGTH);
    }
}
