package io.ttsgateway.cartesia;

import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * The languages Cartesia takes in {@code language}, by API version. The {@code SupportedLanguage}
 * enum is the same fifteen ISO 639-1 codes in every version whose definition was read (2024-06-10,
 * 2024-11-13, 2025-04-16); later versions are checked against the newest list known, since a
 * version's list is only ever known from its definition.
 */
final class CartesiaLanguages {

    /** The {@code SupportedLanguage} enum of the Fern definitions 2024-06-10, 2024-11-13 and 2025-04-16. */
    static final Set<String> FIFTEEN = Set.of("en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl", "pl",
                                              "ru", "sv", "tr");
    /** Each documented list under the first version it belongs to; a version takes the newest at or before it. */
    private static final NavigableMap<String, Set<String>> BY_VERSION = new TreeMap<>(Map.of("2024-06-10", FIFTEEN));
    /** A language tag: an ISO 639 code, maybe with subtags (region, script), {@code -} or {@code _} between. */
    private static final Pattern TAG = Pattern.compile("([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*");
    /** What a requested language may look like to be repeated in an error message. */
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private CartesiaLanguages() {
    }

    /**
     * The {@code language} to send for a requested language: its primary subtag in lower case, so
     * {@code pt-BR} is sent as {@code pt} (Cartesia names languages, not regions).
     *
     * @param requested the gateway's language (ISO 639-1, maybe with a region), or {@code null}
     * @param version   the API version in use
     * @return the code to send, or {@code null} to send none (the voice's own language)
     * @throws ProviderException {@code INVALID_REQUEST} when the version does not list the language,
     *                           or it is no language tag
     */
    static String resolve(String requested, String version) throws ProviderException {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        String tag = requested.strip();
        Matcher matcher = TAG.matcher(tag);
        Set<String> supported = supported(version);
        if (matcher.matches()) {
            String primary = matcher.group(1).toLowerCase(Locale.ROOT);
            if (supported.contains(primary)) {
                return primary;
            }
        }
        String shown = PRINTABLE.matcher(tag).matches() ? "'" + tag + "'" : "the requested language";
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME + " does not speak "
                + shown + " (API version " + version + " supports " + String.join(", ", new TreeSet<>(supported))
                + ")");
    }

    /**
     * The languages a version documents.
     *
     * @param version an API version
     * @return its language codes
     */
    static Set<String> supported(String version) {
        Map.Entry<String, Set<String>> entry = BY_VERSION.floorEntry(version);
        return entry == null ? BY_VERSION.firstEntry().getValue() : entry.getValue();
    }
}
