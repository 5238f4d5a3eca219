package io.ttsgateway.synthesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderCapabilities;

/**
 * Which format to ask a provider for, given the format a client wants. The provider's own output is
 * preferred (no conversion at all); otherwise the provider's native PCM closest above the client's
 * rate, which the gateway converts with one stateful resampler and encoder per stream. The cache
 * stores what the provider produced, so one entry serves every client format derived from it.
 */
public final class FormatPlan {

    /** Plans kept at most: a provider's capabilities by the client formats asked for; past it they start over. */
    private static final int MAX_PLANS = 1024;
    private static final Map<PlanKey, Plan> PLANS = new ConcurrentHashMap<>();

    private FormatPlan() {
    }

    /**
     * What to ask a provider for and which cache entries can serve a client format.
     *
     * @param providerOutput  the format the provider is asked for ({@link FormatPlan#providerOutput})
     * @param cacheCandidates the formats of cache entries that can serve, best first
     *                        ({@link FormatPlan#cacheCandidates}), the first one {@code providerOutput}
     */
    public record Plan(AudioFormat providerOutput, List<AudioFormat> cacheCandidates) {
    }

    private record PlanKey(ProviderCapabilities capabilities, AudioFormat client) {
    }

    /**
     * The plan of a provider and a client format: the same for every request of them, so it is
     * worked out once and then looked up.
     *
     * @param capabilities what the provider produces natively
     * @param client       the format the client wants
     * @return the plan
     */
    public static Plan of(ProviderCapabilities capabilities, AudioFormat client) {
        PlanKey key = new PlanKey(capabilities, client);
        Plan plan = PLANS.get(key);
        if (plan == null) {
            if (PLANS.size() >= MAX_PLANS) {
                PLANS.clear(); // only capabilities made anew for every request get here
            }
            plan = new Plan(providerOutput(capabilities, client), List.copyOf(cacheCandidates(capabilities, client)));
            PLANS.put(key, plan);
        }
        return plan;
    }

    /**
     * The format the provider is asked for.
     *
     * @param capabilities what the provider produces natively
     * @param client       the format the client wants
     * @return the provider's output format; never WAV (the gateway frames WAV itself)
     */
    public static AudioFormat providerOutput(ProviderCapabilities capabilities, AudioFormat client) {
        AudioFormat base = samplesOf(client);
        if (capabilities.producesNatively(base) || capabilities.nativeFormats().isEmpty()) {
            return base;
        }
        List<AudioFormat> pcm = nativePcm(capabilities);
        if (pcm.isEmpty()) {
            return base; // the provider converts its own output (see ConvertedAudioStream)
        }
        for (AudioFormat format : pcm) {
            if (format.sampleRate() >= base.sampleRate()) {
                return format;
            }
        }
        return pcm.getLast();
    }

    /**
     * Cache entries that can serve a client format, best first: the provider output the request
     * would get, then the provider's other native PCM at the client's rate or above (a telephony
     * client can be served from audio first synthesized for a browser).
     *
     * @param capabilities what the provider produces natively
     * @param client       the format the client wants
     * @return candidate formats of cache entries
     */
    public static List<AudioFormat> cacheCandidates(ProviderCapabilities capabilities, AudioFormat client) {
        List<AudioFormat> candidates = new ArrayList<>();
        candidates.add(providerOutput(capabilities, client));
        int rate = client.sampleRate();
        for (AudioFormat format : nativePcm(capabilities)) {
            if (format.sampleRate() >= rate && !candidates.contains(format)) {
                candidates.add(format);
            }
        }
        return candidates;
    }

    /**
     * The sample format under a client format: WAV is PCM with a header.
     *
     * @param format a client format
     * @return the same format, or {@code pcm_<rate>} for {@code wav_<rate>}
     */
    public static AudioFormat samplesOf(AudioFormat format) {
        return format.encoding() == AudioEncoding.WAV ? AudioFormat.pcm(format.sampleRate()) : format;
    }

    private static List<AudioFormat> nativePcm(ProviderCapabilities capabilities) {
        return capabilities.nativeFormats().stream()
                .filter(format -> format.encoding() == AudioEncoding.PCM)
                .sorted(Comparator.comparingInt(AudioFormat::sampleRate))
                .toList();
    }
}
