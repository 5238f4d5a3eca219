package io.ttsgateway.cartesia;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * The languages Cartesia takes in {@code language}. Every version whose definition was read
 * (2024-06-10, 2024-11-13, 2025-04-16) lists the same fifteen ISO 639-1 codes in
 * {@code SupportedLanguage}; later versions are checked against that list too, the newest known.
 */
final class CartesiaLanguages {

    /** The {@code SupportedLanguage} enum of the Fern definitions. */
    static final Set<String> SUPPORTED = Set.of("en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl", "pl",
                                                "ru", "sv", "tr");
    /** A language tag: an ISO 639 code, maybe with subtags (region, script), {@code -} or {@code _} between. */
    private static final Pattern TAG = Pattern.compile("([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*");
    /** What a requested language may look like to be repeated in an error message. */
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private CartesiaLanguages() {
    }

    /**
     * The {@code language} to send: the primary subtag in lower case ({@code pt-BR} is sent as
     * {@code pt}: Cartesia names languages, not regions), or {@code null} for the voice's own.
     *
     * @param requested the gateway's language, or {@code null}
     * @param version   the API version in use, named in the error
     * @return the code to send, or {@code null}
     * @throws ProviderException {@code INVALID_REQUEST} for a language not listed or no language tag
     */
    static String resolve(String requested, String version) throws ProviderException {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        String tag = requested.strip();
        Matcher matcher = TAG.matcher(tag);
        if (matcher.matches() && SUPPORTED.contains(matcher.group(1).toLowerCase(Locale.ROOT))) {
            return matcher.group(1).toLowerCase(Locale.ROOT);
        }
        String shown = PRINTABLE.matcher(tag).matches() ? "'" + tag + "'" : "the requested language";
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME + " does not speak "
                + shown + " (API version " + version + " supports " + String.join(", ", new TreeSet<>(SUPPORTED))
                + ")");
    }
}
