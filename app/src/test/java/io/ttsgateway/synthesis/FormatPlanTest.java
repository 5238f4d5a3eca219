package io.ttsgateway.synthesis;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderCapabilities;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

/**
 * A provider's plan for a client format (what to ask for, which cache entries serve) is worked out
 * once and looked up for every later request, and is the plan the rules give.
 */
class FormatPlanTest {

    private static final ProviderCapabilities PCM_16_24_48 = capabilities("pcm_16000", "pcm_24000", "pcm_48000");

    @Test
    void aNativeFormatIsAskedForAndHigherRatesServeFromTheCache() {
        FormatPlan.Plan plan = FormatPlan.of(PCM_16_24_48, AudioFormat.parse("pcm_16000"));
        assertThat(plan.providerOutput(), is(AudioFormat.parse("pcm_16000")));
        assertThat(plan.cacheCandidates(), contains(AudioFormat.parse("pcm_16000"), AudioFormat.parse("pcm_24000"),
                                                    AudioFormat.parse("pcm_48000")));
    }

    @Test
    void aFormatTheProviderLacksIsMadeFromItsNearestPcmAbove() {
        FormatPlan.Plan plan = FormatPlan.of(PCM_16_24_48, AudioFormat.parse("ulaw_8000"));
        assertThat(plan.providerOutput(), is(AudioFormat.parse("pcm_16000")));
        assertThat(plan.cacheCandidates(), contains(AudioFormat.parse("pcm_16000"), AudioFormat.parse("pcm_24000"),
                                                    AudioFormat.parse("pcm_48000")));
        FormatPlan.Plan wav = FormatPlan.of(PCM_16_24_48, AudioFormat.parse("wav_24000"));
        assertThat(wav.providerOutput(), is(AudioFormat.parse("pcm_24000")));
        assertThat(wav.cacheCandidates(), contains(AudioFormat.parse("pcm_24000"), AudioFormat.parse("pcm_48000")));
    }

    @Test
    void thePlanIsTheOneTheRulesGive() {
        for (String client : List.of("pcm_8000", "pcm_22050", "pcm_24000", "ulaw_8000", "alaw_8000", "wav_44100")) {
            AudioFormat format = AudioFormat.parse(client);
            FormatPlan.Plan plan = FormatPlan.of(PCM_16_24_48, format);
            assertThat(client, plan.providerOutput(), is(FormatPlan.providerOutput(PCM_16_24_48, format)));
            assertThat(client, plan.cacheCandidates(), is(FormatPlan.cacheCandidates(PCM_16_24_48, format)));
        }
    }

    @Test
    void aPlanIsWorkedOutOnceForEqualCapabilities() {
        FormatPlan.Plan first = FormatPlan.of(PCM_16_24_48, AudioFormat.parse("pcm_24000"));
        // A provider that makes its capabilities anew each time still finds the plan of equal ones.
        FormatPlan.Plan again = FormatPlan.of(capabilities("pcm_48000", "pcm_24000", "pcm_16000"),
                                              AudioFormat.parse("pcm_24000"));
        assertThat(again, sameInstance(first));
    }

    private static ProviderCapabilities capabilities(String... formats) {
        return new ProviderCapabilities(Arrays.stream(formats).map(AudioFormat::parse).collect(Collectors.toSet()),
                                        false, false, 1000);
    }
}
