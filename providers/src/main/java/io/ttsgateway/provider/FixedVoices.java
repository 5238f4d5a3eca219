package io.ttsgateway.provider;

import java.util.ArrayList;
import java.util.List;

/** Voice lists of providers without a list API: the documented voices. */
public final class FixedVoices {

    private FixedVoices() {
    }

    /** The documented voices, the default ({@code null} for none) first when they do not hold it. */
    public static List<Voice> withDefault(List<Voice> documented, String defaultVoice, String provider) {
        if (defaultVoice == null || documented.stream().anyMatch(v -> v.id().equals(defaultVoice))) {
            return List.copyOf(documented);
        }
        List<Voice> all = new ArrayList<>(documented.size() + 1);
        all.add(Voice.of(defaultVoice, provider));
        all.addAll(documented);
        return List.copyOf(all);
    }
}
