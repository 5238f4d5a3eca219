package io.ttsgateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A model name of the OpenAI-compatible API that stands for a provider, model and voice:
 * {@code name=provider[/model][:voice]} in {@code SPEECH_MODEL_ALIASES}.
 *
 * @param name     the name clients use as {@code model}
 * @param provider the provider
 * @param model    the provider's model, or {@code null} for its default
 * @param voice    the voice, or {@code null} for the request's (or the provider's default)
 */
public record ModelAlias(String name, String provider, String model, String voice) {

    /**
     * Parses a comma-separated list of aliases.
     *
     * @param text the setting's value
     * @return the aliases, in order
     * @throws IllegalArgumentException naming the entry at fault
     */
    public static List<ModelAlias> parseList(String text) {
        List<ModelAlias> aliases = new ArrayList<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + trimmed + "' is not name=provider[/model][:voice]");
            }
            String name = trimmed.substring(0, equals).trim();
            String target = trimmed.substring(equals + 1).trim();
            String voice = null;
            int colon = target.indexOf(':');
            if (colon >= 0) {
                voice = blankToNull(target.substring(colon + 1));
                target = target.substring(0, colon);
            }
            int slash = target.indexOf('/');
            String provider = slash < 0 ? target : target.substring(0, slash);
            String model = slash < 0 ? null : blankToNull(target.substring(slash + 1));
            if (provider.isBlank()) {
                throw new IllegalArgumentException("'" + trimmed + "' names no provider");
            }
            aliases.add(new ModelAlias(name, provider.trim(), model, voice));
        }
        return List.copyOf(aliases);
    }

    private static String blankToNull(String text) {
        return text.isBlank() ? null : text.trim();
    }
}
