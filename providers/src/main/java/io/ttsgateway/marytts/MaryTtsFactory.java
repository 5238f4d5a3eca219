package io.ttsgateway.marytts;

import java.util.List;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderFactory;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;

/** Registers the embedded engine: configured unless {@code MARYTTS_ENABLED=false}, after every cloud provider in {@code auto} order. */
public final class MaryTtsFactory implements ProviderFactory<MaryTtsSettings> {

    /**
     * Requests per core admitted beyond the engines (one per core). Measured by
     * {@code scripts/reliability.sh capacity} (docs/reliability.md): a short sentence takes an engine
     * 0.5 to 0.9 s on this machine's shared cores, so a request waiting behind another would hear its first
     * audio after more than a second; none waits.
     */
    static final int QUEUE_PER_CORE = 0;
    static final ProviderSetting ENABLED = ProviderSetting.of(
            "marytts.enabled", "MARYTTS_ENABLED", "true", "whether the embedded engine is loaded beside the cloud providers");
    static final ProviderSetting VOICE = ProviderSetting.of("marytts.voice", "MARYTTS_VOICE", "cmu-slt-hsmm", "voice");
    static final ProviderSetting MAX_CONCURRENT = ProviderSetting.of(
            "marytts.max-concurrent", "MARYTTS_MAX_CONCURRENT", "0", "syntheses at once; 0 means one per core");
    static final ProviderSetting MAX_QUEUE = ProviderSetting.of(
            "marytts.max-queue", "MARYTTS_MAX_QUEUE", "auto",
            "requests admitted beyond the engines, waiting for one; past them a request gets server_busy at once "
                    + "(or goes to TTS_FALLBACK); auto means " + QUEUE_PER_CORE + " per core");
    static final ProviderSetting QUEUE_TIMEOUT = ProviderSetting.of(
            "marytts.queue-timeout", "MARYTTS_QUEUE_TIMEOUT", "PT30S", "longest wait for a free engine");
    static final ProviderSetting CHUNK = ProviderSetting.of("marytts.chunk", "MARYTTS_CHUNK", "PT0.1S", "audio per chunk");
    static final ProviderSetting FIRST_PHRASE_WORDS = ProviderSetting.of(
            "marytts.first-phrase-words", "MARYTTS_FIRST_PHRASE_WORDS", String.valueOf(MaryTtsSettings.FIRST_PHRASE_WORDS),
            "a reply's first sentence of more words is synthesized in two parts, cut at its first clause mark, "
                    + "else before a conjunction or preposition, else after this many words; 0 never cuts");
    /** After the cloud providers: {@code auto} prefers any provider with a key. */
    private static final int AUTO_ORDER = 100;

    /** Creates the factory (for {@link java.util.ServiceLoader}). */
    public MaryTtsFactory() {
    }

    @Override
    public String name() {
        return MaryTtsSettings.NAME;
    }

    @Override
    public int autoOrder() {
        return AUTO_ORDER;
    }

    @Override
    public List<ProviderSetting> settings() {
        return List.of(ENABLED, VOICE, MAX_CONCURRENT, MAX_QUEUE, QUEUE_TIMEOUT, CHUNK, FIRST_PHRASE_WORDS);
    }

    @Override
    public boolean configured(ProviderConfig config) {
        return config.bool(ENABLED);
    }

    @Override
    public String requirement() {
        return "set " + ENABLED.environmentVariable() + "=true";
    }

    @Override
    public MaryTtsSettings read(ProviderConfig config) {
        int concurrent = config.integer(MAX_CONCURRENT);
        int cores = Runtime.getRuntime().availableProcessors();
        int engines = concurrent <= 0 ? cores : concurrent;
        int queue = config.string(MAX_QUEUE).equalsIgnoreCase("auto") ? QUEUE_PER_CORE * cores
                : config.parse(MAX_QUEUE, Integer::parseUnsignedInt, "must be auto or a number from 0");
        return config.wrap(MAX_CONCURRENT, () -> new MaryTtsSettings(config.string(VOICE), engines, queue,
                                                                     config.duration(QUEUE_TIMEOUT),
                                                                     config.duration(CHUNK),
                                                                     config.parse(FIRST_PHRASE_WORDS, Integer::parseUnsignedInt,
                                                                                  "must be a number from 0")));
    }

    @Override
    public TtsProvider create(MaryTtsSettings settings) {
        return new MaryTtsProvider(settings);
    }
}
