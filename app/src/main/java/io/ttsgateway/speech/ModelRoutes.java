package io.ttsgateway.speech;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.ttsgateway.config.ModelAlias;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.synthesis.ProviderRegistry;

/**
 * Which provider, model and voice a request's {@code model} names: OpenAI's own model names go to
 * the OpenAI provider (to the default provider when OpenAI is not configured, so that tools which
 * only know {@code tts-1} still work), {@code provider/model} and {@code provider} to any other,
 * LiteLLM-style, and the configured aliases to what they stand for.
 */
final class ModelRoutes {

    /** OpenAI's speech models. */
    static final List<String> OPENAI_MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
    /** OpenAI's voices: on another provider they mean "your default voice". */
    static final Set<String> OPENAI_VOICES = Set.of("alloy", "ash", "ballad", "cedar", "coral", "echo", "fable",
                                                    "marin", "nova", "onyx", "sage", "shimmer", "verse");
    private static final String OPENAI = "openai";

    /**
     * Where a request goes.
     *
     * @param provider the provider
     * @param model    the provider's model, or {@code null} for its default
     * @param voice    the alias's voice, or {@code null}
     */
    record Route(TtsProvider provider, String model, String voice) {

        /** The voice to ask for: the request's, unless it is an OpenAI name another provider does not have. */
        String voiceFor(String requested) {
            boolean openAiName = OPENAI_VOICES.contains(requested);
            if (!openAiName || provider.name().equals(OPENAI)) {
                return requested;
            }
            return voice;
        }
    }

    private final ProviderRegistry providers;
    private final Map<String, ModelAlias> aliases = new LinkedHashMap<>();

    ModelRoutes(ProviderRegistry providers, List<ModelAlias> aliases) {
        this.providers = providers;
        aliases.forEach(alias -> this.aliases.put(alias.name(), alias));
    }

    /**
     * Resolves a model name.
     *
     * @param model the request's model
     * @return the route
     * @throws ApiError 404 when no configured provider serves it
     */
    Route resolve(String model) throws ApiError {
        ModelAlias alias = aliases.get(model);
        if (alias != null) {
            return new Route(provider(alias.provider()).orElseThrow(() -> ApiError.unknownModel(model)),
                             alias.model(), alias.voice());
        }
        if (OPENAI_MODELS.contains(model)) {
            return provider(OPENAI).map(openAi -> new Route(openAi, model, null))
                    .orElseGet(() -> new Route(providers.defaultProvider(), null, null));
        }
        int slash = model.indexOf('/');
        String name = slash < 0 ? model : model.substring(0, slash);
        String providerModel = slash < 0 ? null : model.substring(slash + 1);
        TtsProvider provider = provider(name).orElseThrow(() -> ApiError.unknownModel(model));
        return new Route(provider, providerModel == null || providerModel.isBlank() ? null : providerModel, null);
    }

    /**
     * Every model name a request may use: the aliases, OpenAI's names, and each provider with its
     * default model.
     *
     * @return the names, with the provider each one goes to
     */
    Map<String, String> models() {
        Map<String, String> models = new LinkedHashMap<>();
        aliases.values().forEach(alias -> models.put(alias.name(), alias.provider()));
        String openAi = provider(OPENAI).map(TtsProvider::name).orElse(providers.defaultProvider().name());
        OPENAI_MODELS.forEach(model -> models.put(model, openAi));
        for (TtsProvider provider : providers.all()) {
            models.put(provider.name(), provider.name());
            if (provider.defaultModel() != null) {
                models.put(provider.name() + "/" + provider.defaultModel(), provider.name());
            }
        }
        return models;
    }

    /**
     * The providers, for the voice list.
     *
     * @return every configured provider
     */
    List<TtsProvider> providers() {
        return new ArrayList<>(providers.all());
    }

    private Optional<TtsProvider> provider(String name) {
        return providers.find(name);
    }
}
