package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * A request checked and completed with the provider's defaults, as it goes on the wire: a plain voice
 * id, a normalized model, the {@code language_code} to send (or null), the wanted format. Here too
 * what ElevenLabs' ids look like, which models the WebSockets serve, and the models' text limits.
 */
record ResolvedRequest(String text, String voice, String model, VoiceSettings settings, String language,
                       AudioFormat wanted, boolean timestamps) {

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

    /** Checks a request and fills in the defaults; {@code INVALID_REQUEST} when malformed or too long. */
    static ResolvedRequest of(SynthesisRequest request, ElevenLabsSettings settings, String defaultModel)
            throws ProviderException {
        String voice = checkVoice(request.voice() == null ? settings.voiceId() : request.voice());
        String model = request.model() == null ? defaultModel : checkModel(request.model());
        int limit = maxTextLength(model);
        if (request.text().length() > limit) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " model " + model + " takes at most "
                    + limit + " characters; the text has " + request.text().length());
        }
        return new ResolvedRequest(request.text(), voice, model, VoiceSettings.of(settings, request.settings()),
                                   languageCode(request.language(), model), request.format(),
                                   request.timestamps());
    }

    /** Whether another request differs in nothing but its text, as the segments of an utterance must. */
    boolean sameOptions(ResolvedRequest other) {
        return voice.equals(other.voice) && model.equals(other.model) && settings.equals(other.settings)
                && Objects.equals(language, other.language) && wanted.equals(other.wanted)
                && timestamps == other.timestamps;
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "ResolvedRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model + ", language="
                + language + ", format=" + wanted + ", timestamps=" + timestamps + "]";
    }

    /** Whether the text-to-speech WebSockets serve a (normalized) model. */
    static boolean streamsOverWebSocket(String model) {
        return !model.startsWith(V3_PREFIX);
    }

    /** The longest text, in characters, a (normalized) model takes in one request; 10,000 for models not listed. */
    static int maxTextLength(String model) {
        return switch (model) {
            case "eleven_flash_v2_5", "eleven_turbo_v2_5" -> 40_000;
            case "eleven_flash_v2", "eleven_turbo_v2" -> 30_000;
            default -> model.startsWith(V3_PREFIX) ? 3_000 : 10_000;
        };
    }

    /** ISO 639-1 without region; null for models other than Turbo and Flash v2.5, which would fail the request. */
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
    static String checkVoice(String voice) throws ProviderException {
        if (voice == null || !VOICE_ID.matcher(voice).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " voice ids are letters, digits, '_' and '-'");
        }
        return voice;
    }

    /** The model id, checked to be a plain identifier, in the API's spelling: {@code _v2.5} as {@code _v2_5}. */
    static String checkModel(String model) throws ProviderException {
        if (model == null || !MODEL_ID.matcher(model.strip()).matches()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " model ids are letters, digits, '_', '.' and '-'");
        }
        return DOTTED_VERSION.matcher(model.strip().toLowerCase(Locale.ROOT)).replaceAll("$1_$2");
    }
}
