package io.ttsgateway.provider;

import java.util.List;
import java.util.Objects;

/**
 * A voice as a provider's list tells it: the id a request names, a display name (the id if none), its
 * language codes (empty if unknown) and gender label ({@code null} if none).
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
