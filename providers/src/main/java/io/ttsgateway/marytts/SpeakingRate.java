package io.ttsgateway.marytts;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.marytts.MaryTtsSettings.NAME;

/**
 * The speaking rate of a request, applied to the engine's plan of an utterance: phone ({@code ph/@d})
 * and pause ({@code boundary/@duration}) durations divided by the rate, pitch unchanged. MaryTTS's
 * {@code <prosody rate>} would shorten only phones, by the percentage above 100 (none left at 2.0).
 * A phone lasts at least a frame per HMM state (25 ms), so the fastest rates come out slower.
 */
final class SpeakingRate {

    /** The voice's own pace. */
    static final double NORMAL = 1.0;
    /** Slowest rate applied; slower requests are slowed this much. */
    static final double MIN = 0.25;
    /** Fastest rate applied; faster requests are sped up this much. */
    static final double MAX = 4.0;

    private SpeakingRate() {
    }

    /** The rate asked for, clamped to {@link #MIN}..{@link #MAX}; {@code INVALID_REQUEST} unless a positive number. */
    static double of(SynthesisRequest request) throws ProviderException {
        Double speed = request.speedWithin(NAME, MIN, MAX);
        return speed == null ? NORMAL : speed;
    }

    /** Scales the phone and pause durations of an {@code ACOUSTPARAMS} document in place. */
    static void apply(Document acoustparams, double rate) {
        if (rate == NORMAL) {
            return;
        }
        scale(acoustparams.getElementsByTagNameNS(WordTimings.MARYXML, WordTimings.PHONE), WordTimings.PHONE_DURATION,
              rate);
        scale(acoustparams.getElementsByTagNameNS(WordTimings.MARYXML, WordTimings.BOUNDARY),
              WordTimings.BOUNDARY_DURATION, rate);
    }

    private static void scale(NodeList elements, String attribute, double rate) {
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            String value = element.getAttribute(attribute);
            if (value.isEmpty()) {
                continue;
            }
            try {
                element.setAttribute(attribute, Double.toString(Double.parseDouble(value) / rate));
            } catch (NumberFormatException e) {
                // Not a duration MaryTTS wrote; the engine reads it the same way and ignores it.
            }
        }
    }
}
