package io.ttsgateway.cartesia;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Cartesia client: the key (never logged), base URL (or a proxy), voice and model of
 * requests naming none, the {@code Cartesia-Version} sent, and timeouts; blank ones take the defaults below.
 */
public record CartesiaSettings(String apiKey, URI baseUrl, String voiceId, String modelId, String version,
                               ProviderTimeouts timeouts) {

    /** The public API. */
    public static final String DEFAULT_BASE_URL = "https://api.cartesia.ai";
    /** The model used when neither the configuration nor a request names one. */
    public static final String DEFAULT_MODEL = "sonic-2";
    /** A stock voice ("Barbershop Man", the API reference's example), used when none is configured. */
    public static final String DEFAULT_VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091";
    /** The newest version whose protocol the client was written from (Fern definition 2025-04-16). */
    public static final String DEFAULT_VERSION = "2025-04-16";
    /** The first version that authenticates with {@code Authorization: Bearer}; older ones use {@code X-API-Key}. */
    public static final String FIRST_BEARER_VERSION = "2025-04-16";

    /** Hides the key. */
    @Override
    public String toString() {
        return "CartesiaSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + ", modelId=" + modelId
                + ", version=" + version + "]";
    }
}
