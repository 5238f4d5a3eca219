package io.ttsgateway;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.FakeProvider;
import io.ttsgateway.fakes.FakeUplift;

/**
 * The five cloud providers' fakes, started together, and the environment that points a gateway at
 * them: what tests of every cloud provider at once share.
 */
final class CloudFakes {

    private CloudFakes() {
    }

    /**
     * Starts one fake per cloud provider.
     *
     * @param key the API key each fake accepts
     * @return the fakes by provider name, in the order of automatic selection
     */
    static Map<String, FakeProvider> start(String key) {
        Map<String, FakeProvider> fakes = new LinkedHashMap<>();
        fakes.put("elevenlabs", FakeElevenLabs.start(key));
        fakes.put("openai", FakeOpenAi.start(key));
        fakes.put("deepgram", FakeDeepgram.start(key));
        fakes.put("cartesia", FakeCartesia.start(key));
        fakes.put("uplift", FakeUplift.start(key));
        return fakes;
    }

    /**
     * Each provider's key and base URL variables, pointing at its fake.
     *
     * @param fakes the fakes of {@link #start(String)}
     * @param key   the key they accept
     * @return the environment variables
     */
    static Map<String, String> environment(Map<String, FakeProvider> fakes, String key) {
        return Map.of("ELEVENLABS_API_KEY", key, "ELEVENLABS_BASE_URL", fakes.get("elevenlabs").baseUrl(),
                      "OPENAI_API_KEY", key, "OPENAI_BASE_URL", fakes.get("openai").baseUrl(),
                      "DG_API_KEY", key, "DG_BASE_URL", fakes.get("deepgram").baseUrl(),
                      "CARTESIA_API_KEY", key, "CARTESIA_BASE_URL", fakes.get("cartesia").baseUrl(),
                      "UPLIFT_API_KEY", key, "UPLIFT_BASE_URL", fakes.get("uplift").baseUrl());
    }
}
