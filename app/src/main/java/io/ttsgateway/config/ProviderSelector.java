package io.ttsgateway.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.ttsgateway.provider.ConfiguredProvider;
import io.ttsgateway.provider.ProviderFactory;

/**
 * Resolves which providers the gateway offers: every configured provider with an {@code auto}
 * place (a cloud provider whose key is set, the embedded engine unless disabled), and one offered
 * only when chosen (the tone provider) when {@code TTS_PROVIDER} names it. {@code auto} takes the
 * first configured one in {@code auto} order (xRx's for the cloud providers, the embedded engine last).
 */
final class ProviderSelector {

    private ProviderSelector() {
    }

    /**
     * The providers requests may use, their settings read.
     *
     * @param reader          the configuration
     * @param factories       every installed factory, in {@code auto} order
     * @param defaultProvider the resolved default
     * @return the providers, the default first
     */
    static List<ConfiguredProvider<?>> available(SettingReader reader, List<ProviderFactory<?>> factories,
                                                 String defaultProvider) {
        List<ConfiguredProvider<?>> available = new ArrayList<>();
        available.add(ConfiguredProvider.read(named(factories, defaultProvider), reader));
        for (ProviderFactory<?> factory : offered(reader, factories)) {
            if (!factory.name().equals(defaultProvider)) {
                available.add(ConfiguredProvider.read(factory, reader));
            }
        }
        return List.copyOf(available);
    }

    static String select(SettingReader reader, List<ProviderFactory<?>> factories) {
        String wanted = reader.string(Setting.TTS_PROVIDER).toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) {
            List<ProviderFactory<?>> offered = offered(reader, factories);
            if (offered.isEmpty()) {
                throw new ConfigurationException("TTS_PROVIDER=auto found no provider; to have one, " + String.join(
                        " or ", factories.stream().filter(ProviderSelector::automatic)
                                .map(ProviderFactory::requirement).toList()));
            }
            return offered.getFirst().name();
        }
        ProviderFactory<?> factory = named(factories, wanted);
        if (factory == null) {
            throw new ConfigurationException("TTS_PROVIDER='" + wanted + "' is not a provider; use one of auto, "
                                                     + String.join(", ", factories.stream()
                    .map(ProviderFactory::name).toList()));
        }
        if (!factory.configured(reader)) {
            throw new ConfigurationException("TTS_PROVIDER=" + wanted + " is not configured: "
                                                     + factory.requirement());
        }
        return wanted;
    }

    static List<String> fallback(SettingReader reader, List<String> available) {
        List<String> fallback = new ArrayList<>();
        for (String name : Arrays.stream(reader.string(Setting.TTS_FALLBACK).split(","))
                .map(value -> value.trim().toLowerCase(Locale.ROOT)).filter(value -> !value.isEmpty()).toList()) {
            if (!available.contains(name)) {
                throw reader.invalid(Setting.TTS_FALLBACK, "names '" + name + "', which is not available; available: "
                        + String.join(", ", available));
            }
            if (!fallback.contains(name)) {
                fallback.add(name);
            }
        }
        return List.copyOf(fallback);
    }

    /** Configured providers that are offered without being chosen, in {@code auto} order. */
    private static List<ProviderFactory<?>> offered(SettingReader reader, List<ProviderFactory<?>> factories) {
        return factories.stream().filter(factory -> automatic(factory) && factory.configured(reader)).toList();
    }

    private static boolean automatic(ProviderFactory<?> factory) {
        return factory.autoOrder() != ProviderFactory.ONLY_WHEN_CHOSEN;
    }

    private static ProviderFactory<?> named(List<ProviderFactory<?>> factories, String name) {
        return factories.stream().filter(factory -> factory.name().equals(name)).findFirst().orElse(null);
    }
}
