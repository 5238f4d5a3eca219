package io.ttsgateway.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

import io.ttsgateway.marytts.MaryTtsProvider;
import io.ttsgateway.tone.ToneProvider;

/**
 * Resolves {@code TTS_PROVIDER}: {@code auto} takes the first cloud provider whose key is set, in
 * the order of xRx, and the embedded engine when none is.
 */
final class ProviderSelector {

    private static final Logger LOGGER = Logger.getLogger(ProviderSelector.class.getName());

    /** Cloud providers in {@code auto} order, with the setting that holds each key. */
    private static final Map<String, Setting> CLOUD = new LinkedHashMap<>();

    static {
        CLOUD.put("elevenlabs", Setting.ELEVENLABS_API_KEY);
        CLOUD.put("openai", Setting.OPENAI_API_KEY);
        CLOUD.put("deepgram", Setting.DG_API_KEY);
        CLOUD.put("cartesia", Setting.CARTESIA_API_KEY);
        CLOUD.put("uplift", Setting.UPLIFT_API_KEY);
    }

    private ProviderSelector() {
    }

    static String select(GatewayConfig.Reader reader) {
        String wanted = reader.string(Setting.TTS_PROVIDER).toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) {
            for (Map.Entry<String, Setting> cloud : CLOUD.entrySet()) {
                if (!reader.string(cloud.getValue()).isEmpty()) {
                    LOGGER.warning(() -> cloud.getValue().environmentVariable() + " is set, but the " + cloud.getKey()
                            + " provider is not in this version of the gateway; using the embedded engine");
                    break;
                }
            }
            return MaryTtsProvider.NAME;
        }
        if (wanted.equals(MaryTtsProvider.NAME) || wanted.equals(ToneProvider.NAME)) {
            return wanted;
        }
        Setting key = CLOUD.get(wanted);
        if (key == null) {
            throw new ConfigurationException("TTS_PROVIDER='" + wanted + "' is not a provider; use one of auto, "
                                                     + MaryTtsProvider.NAME + ", " + ToneProvider.NAME + ", "
                                                     + String.join(", ", CLOUD.keySet()));
        }
        if (reader.string(key).isEmpty()) {
            throw new ConfigurationException("TTS_PROVIDER=" + wanted + " needs its key: set "
                                                     + key.environmentVariable());
        }
        throw new ConfigurationException("TTS_PROVIDER=" + wanted + " is not in this version of the gateway yet; use "
                                                 + MaryTtsProvider.NAME + " or auto");
    }
}
