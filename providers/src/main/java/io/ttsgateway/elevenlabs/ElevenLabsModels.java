package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/** ElevenLabs model and voice ids: their spelling, which models the WebSockets serve, text limits. */
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
    /** An ISO 639 code, optionally with subtags ({@code pt-BR}); it travels in a query string. */
    private static final Pattern LANGUAGE = Pattern.compile("([A-Za-z]{2,3})([-_][A-Za-z0-9]{1,8})*");
    /** "Currently only Turbo v2.5 and Flash v2.5 support language enforcement" (openapi.json). */
    private static final Set<String> LANGUAGE_MODELS = Set.of("eleven_turbo_v2_5", "eleven_flash_v2_5");
    /** eleven_v3 has no WebSocket endpoint: its upgrade is refused with 403 (livekit/agents#3235). */
    private static final String V3_PREFIX = "eleven_v3";

    private ElevenLabsModels() {
    }

    /** The API's spelling of a model id: dotted versions ({@code _v2.5}) as {@code _v2_5}. */
    public static String normalize(String model) {
        return DOTTED_VERSION.matcher(model.strip().toLowerCase(Locale.ROOT)).replaceAll("$1_$2");
    }

    /** Whether the text-to-speech WebSockets serve a (normalized) model. */
    public static boolean streamsOverWebSocket(String model) {
        return !model.startsWith(V3_PREFIX);
    }

    /** The longest text, in characters, a (normalized) model takes in one request. */
    public static int maxTextLength(String model) {
        return switch (model) {
            case "eleven_flash_v2_5", "eleven_turbo_v2_5" -> V2_5_MAX_TEXT;
            case "eleven_flash_v2", "eleven_turbo_v2" -> V2_MAX_TEXT;
            default -> model.startsWith(V3_PREFIX) ? V3_MAX_TEXT : DEFAULT_MAX_TEXT;
        };
    }

    /**
     * The {@code language_code} for a language: ISO 639-1 without region; null for models other than
     * Turbo and Flash v2.5, which would fail the request and recognize the language from the text.
     */
    static String languageCode(String language, String model) throws ProviderException {
        if (language == null) {
            return null;
        }
        Matcher matcher = LANGUAGE.matcher(language.strip());
        if (!matcher.matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME
                    + " languages are ISO 639-1 codes such as en or pt-BR");
        }
        return LANGUAGE_MODELS.contains(model) ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** The voice id, checked to be a plain identifier before it becomes part of a URL path. */
    public static String checkVoice(String voice) throws ProviderException {
        if (voice == null || !VOICE_ID.matcher(voice).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " voice ids are letters, digits, '_' and '-'");
        }
        return voice;
    }

    /** The model id, checked to be a plain identifier and normalized. */
    public static String checkModel(String model) throws ProviderException {
        if (model == null || !MODEL_ID.matcher(model.strip()).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " model ids are letters, digits, '_', '.' and '-'");
        }
        return normalize(model);
    }
}
