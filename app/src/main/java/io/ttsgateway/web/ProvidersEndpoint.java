package io.ttsgateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.synthesis.ProviderRegistry;

/**
 * {@code GET /api/v1/providers}: what a client may ask for on the WebSocket, so a UI can offer it
 * without hard-coding it.
 *
 * <pre>{@code
 * {"defaultProvider":"marytts","defaultFormat":"pcm_24000","authRequired":false,
 *  "formats":["pcm_8000",...,"ulaw_8000","alaw_8000","wav_8000",...],
 *  "providers":[{"name":"marytts","defaultVoice":"cmu-slt-hsmm","defaultModel":null,
 *                "wordTimestamps":false,"inputStreaming":false,"breaker":"closed"}]}
 * }</pre>
 *
 * <p>{@code breaker} is the provider's circuit breaker ({@code closed}, {@code half_open}, {@code open}),
 * left out when breakers are off ({@code PROVIDER_BREAKER_FAILURES=0}).
 *
 * <p>Open even when client API keys are configured: it is metadata the operator chose to offer (no
 * key, no text, no usage), and the page needs {@code authRequired} before it has a key.
 */
public final class ProvidersEndpoint implements HttpService {

    /** Path of the document. */
    public static final String PATH = "/api/v1/providers";

    private static final Header JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");
    /** Small and cheap: never stored, so a redeployed gateway's other providers show at once. */
    private static final Header NO_STORE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store");
    private static final ObjectMapper MAPPER = JsonMappers.create();

    private final ProviderRegistry providers;
    private final AudioFormat defaultFormat;
    private final boolean authRequired;

    /**
     * Creates the endpoint.
     *
     * @param providers     the providers clients may name
     * @param defaultFormat the format of requests that name none
     * @param authRequired  whether the WebSocket asks clients for an API key
     */
    public ProvidersEndpoint(ProviderRegistry providers, AudioFormat defaultFormat, boolean authRequired) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.defaultFormat = Objects.requireNonNull(defaultFormat, "defaultFormat");
        this.authRequired = authRequired;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::send);
    }

    /**
     * The document this endpoint serves.
     *
     * @return the JSON text
     */
    public String document() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("defaultProvider", providers.defaultProvider().name());
        root.put("defaultFormat", defaultFormat.toString());
        root.put("authRequired", authRequired);
        ArrayNode formats = root.putArray("formats");
        formats().forEach(format -> formats.add(format.toString()));
        ArrayNode list = root.putArray("providers");
        for (TtsProvider provider : providers.all()) {
            ProviderCapabilities capabilities = provider.capabilities();
            ObjectNode entry = list.addObject()
                    .put("name", provider.name())
                    .put("defaultVoice", provider.defaultVoice())
                    .put("defaultModel", provider.defaultModel())
                    .put("wordTimestamps", capabilities.wordTimestamps())
                    .put("inputStreaming", capabilities.inputStreaming());
            providers.breakers().of(provider.name())
                    .ifPresent(breaker -> entry.put("breaker", breaker.state().wireName()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and booleans always serializes", e);
        }
    }

    /**
     * Every format the gateway produces, in the protocol's order: PCM by rate, the two G.711
     * encodings, then WAV by rate.
     *
     * @return the formats
     */
    public static List<AudioFormat> formats() {
        List<AudioFormat> formats = new ArrayList<>();
        TreeSet<Integer> rates = new TreeSet<>(AudioFormat.PCM_RATES);
        rates.forEach(rate -> formats.add(new AudioFormat(AudioEncoding.PCM, rate)));
        formats.add(new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE));
        formats.add(new AudioFormat(AudioEncoding.ALAW, AudioFormat.G711_RATE));
        rates.forEach(rate -> formats.add(new AudioFormat(AudioEncoding.WAV, rate)));
        return List.copyOf(formats);
    }

    private void send(ServerRequest request, ServerResponse response) {
        response.header(JSON).header(NO_STORE).send(document());
    }
}
