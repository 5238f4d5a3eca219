package io.ttsgateway.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.ttsgateway.marytts.MaryTtsProvider;
import io.ttsgateway.tone.ToneProvider;

/**
 * Resolves which providers the gateway offers: every cloud provider whose key is set, the
 * embedded engine unless disabled, and the tone provider only when chosen. {@code TTS_PROVIDER}
 * names the default; {@code auto} takes the first cloud provider whose key is set, in xRx's order,
 * and the embedded engine when none is.
 */
final class ProviderSelector {

    private ProviderSelector() {
    }

    /**
     * The providers requests may use.
     *
     * @param defaultProvider the resolved default
     * @param cloud           cloud providers with keys
     * @param maryEnabled     whether the embedded engine is loaded
     * @return names, the default first
     */
    static List<String> available(String defaultProvider, CloudProviders cloud, boolean maryEnabled) {
        List<String> names = new ArrayList<>();
        names.add(defaultProvider);
        for (String name : cloud.names()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (maryEnabled && !names.contains(MaryTtsProvider.NAME)) {
            names.add(MaryTtsProvider.NAME);
        }
        return List.copyOf(names);
    }

    static String select(GatewayConfig.Reader reader, CloudProviders cloud, boolean maryEnabled) {
        String wanted = reader.string(Setting.TTS_PROVIDER).toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) {
            if (!cloud.names().isEmpty()) {
                return cloud.names().getFirst();
            }
            if (!maryEnabled) {
                throw new ConfigurationException("TTS_PROVIDER=auto found no provider: set a cloud provider's key ("
                                                         + keyVariables() + ") or MARYTTS_ENABLED=true");
            }
            return MaryTtsProvider.NAME;
        }
        if (wanted.equals(ToneProvider.NAME)) {
            return wanted;
        }
        if (wanted.equals(MaryTtsProvider.NAME)) {
            if (!maryEnabled) {
                throw new ConfigurationException("TTS_PROVIDER=marytts needs the embedded engine: "
                                                         + "MARYTTS_ENABLED must not be false");
            }
            return wanted;
        }
        int index = CloudProviders.NAMES.indexOf(wanted);
        if (index < 0) {
            throw new ConfigurationException("TTS_PROVIDER='" + wanted + "' is not a provider; use one of auto, "
                                                     + MaryTtsProvider.NAME + ", " + ToneProvider.NAME + ", "
                                                     + String.join(", ", CloudProviders.NAMES));
        }
        if (!cloud.names().contains(wanted)) {
            throw new ConfigurationException("TTS_PROVIDER=" + wanted + " needs its key: set "
                                                     + CloudProviders.KEYS.get(index).environmentVariable());
        }
        return wanted;
    }

    static List<String> fallback(GatewayConfig.Reader reader, List<String> available) {
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

    private static String keyVariables() {
        return String.join(", ", CloudProviders.KEYS.stream().map(Setting::environmentVariable).toList());
    }
}
