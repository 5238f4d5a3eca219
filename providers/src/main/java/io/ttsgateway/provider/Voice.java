package io.ttsgateway.provider;

import java.util.List;
import java.util.Objects;

/**
 * A voice a provider offers, as far as its voice list tells.
 *
 * @param id        what a request names in {@code voice}
 * @param name      a display name; the id when the provider gives none
 * @param languages language codes it speaks ({@code en}, {@code en-US}); empty when unknown
 * @param gender    the provider's gender label ({@code female}), or {@code null} when it gives none
 * @param provider  the provider's name
 */
public record Voice(String id, String name, List<String> languages, String gender, String provider) {

    /** Validates and copies. */
    public Voice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        name = name == null || name.isBlank() ? id : name;
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    /** A voice known by its id only. */
    public static Voice of(String id, String provider) {
        return new Voice(id, id, List.of(), null, provider);
    }
}
