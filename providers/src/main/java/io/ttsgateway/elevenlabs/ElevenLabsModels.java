package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * What the client knows about ElevenLabs model and voice identifiers: their spelling, which models
 * the WebSockets serve, and how much text each model takes.
 */
public final class ElevenLabsModels {

    /** Characters per request of {@code eleven_flash_v2_5} and {@code eleven_turbo_v2_5}. */
    public static final int V2_5_MAX_TEXT = 40_000;
    /** Characters per request of {@code eleven_flash_v2} and {@code eleven_turbo_v2}. */
    public static final int V2_MAX_TEXT = 30_000;
    /** Characters per request of {@code eleven_v3}. */
    public static final int V3_MAX_TEXT = 3_000;
    /** Characters per request of the multilingual and v1 models, and of models not listed. */
    public static final int DEFAULT_MAX_TEXT = 10_000;

    /** Voice ids are path segments of every endpoint, so nothing that could change the path gets in. */
    private static final Pattern VOICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** Model ids travel in a query string and a JSON body. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** xRx and some docs write {@code eleven_turbo_v2.5}; the API only knows {@code eleven_turbo_v2_5}. */
    private static final Pattern DOTTED_VERSION = Pattern.compile("(_v\\d+)\\.(\\d+)");
    /**
     * A request's language: an ISO 639 code, optionally with subtags ({@code pt-BR}); it travels in a
     * query string, so nothing else gets in.
     */
    private static final Pattern LANGUAGE = Pattern.compile("([A-Za-z]{2,3})([-_][A-Za-z0-9]{1,8})*");
    /**
     * Models that take {@code language_code}: "Currently only Turbo v2.5 and Flash v2.5 support
     * language enforcement. For other models, an error will be returned if language code is
     * provided." (openapi.json).
     */
    private static final Set<String> LANGUAGE_MODELS = Set.of("eleven_turbo_v2_5", "eleven_flash_v2_5");
    /** eleven_v3 has no WebSocket endpoint: its upgrade is refused with 403 (livekit/agents#3235). */
    private static final String V3_PREFIX = "eleven_v3";

    private ElevenLabsModels() {
    }

    /**
     * The API's spelling of a model id.
     *
     * @param model a configured or requested model id
     * @return the id with dotted versions ({@code _v2.5}) written as the API does ({@code _v2_5})
     */
    public static String normalize(String model) {
        return DOTTED_VERSION.matcher(model.strip().toLowerCase(Locale.ROOT)).replaceAll("$1_$2");
    }

    /**
     * Whether a model can be served by the text-to-speech WebSockets.
     *
     * @param model a normalized model id
     * @return false for models only the HTTP endpoints serve
     */
    public static boolean streamsOverWebSocket(String model) {
        return !model.startsWith(V3_PREFIX);
    }

    /**
     * The longest text a model takes in one request (ElevenLabs' models page).
     *
     * @param model a normalized model id
     * @return characters
     */
    public static int maxTextLength(String model) {
        if (model.startsWith(V3_PREFIX)) {
            return V3_MAX_TEXT;
        }
        if (model.equals("eleven_flash_v2_5") || model.equals("eleven_turbo_v2_5")) {
            return V2_5_MAX_TEXT;
        }
        if (model.equals("eleven_flash_v2") || model.equals("eleven_turbo_v2")) {
            return V2_MAX_TEXT;
        }
        return DEFAULT_MAX_TEXT;
    }

    /**
     * The {@code language_code} to send for a request's language. ElevenLabs takes ISO 639-1 codes
     * without region, so {@code pt-BR} becomes {@code pt}. Only Turbo v2.5 and Flash v2.5 take the
     * code at all; the other models would fail the request, and since they recognize the language
     * from the text, the language is simply not sent to them.
     *
     * @param language the request's language, or {@code null}
     * @param model    the normalized model id
     * @return the code to send, or {@code null} for none
     * @throws ProviderException {@link ProviderErrorKind#INVALID_REQUEST} when the language is not an
     *                           ISO 639 code
     */
    static String languageCode(String language, String model) throws ProviderException {
        if (language == null) {
            return null;
        }
        var matcher = LANGUAGE.matcher(language.strip());
        if (!matcher.matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, ElevenLabsProvider.NAME
                    + " languages are ISO 639-1 codes such as en or pt-BR");
        }
        return LANGUAGE_MODELS.contains(model) ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * Checks a voice id before it becomes part of a URL path.
     *
     * @param voice the voice id
     * @return the voice id
     * @throws ProviderException {@link ProviderErrorKind#INVALID_REQUEST} when it is not a plain identifier
     */
    public static String checkVoice(String voice) throws ProviderException {
        if (voice == null || !VOICE_ID.matcher(voice).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        ElevenLabsProvider.NAME + " voice ids are letters, digits, '_' and '-'");
        }
        return voice;
    }

    /**
     * Checks and normalizes a model id.
     *
     * @param model the model id
     * @return the normalized id
     * @throws ProviderException {@link ProviderErrorKind#INVALID_REQUEST} when it is not a plain identifier
     */
    public static String checkModel(String model) throws ProviderException {
        if (model == null || !MODEL_ID.matcher(model.strip()).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        ElevenLabsProvider.NAME + " model ids are letters, digits, '_', '.' and '-'");
        }
        return normalize(model);
    }
}
