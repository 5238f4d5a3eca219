package io.ttsgateway.marytts;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * The speaking rate of a request, applied to the engine's plan of an utterance.
 *
 * <p>MaryTTS's own {@code <prosody rate>} is not usable for this: it shortens each phone by the
 * percentage above 100 (rate 2.0 would leave no duration at all, 3.0 a negative one) and leaves pauses
 * alone. The HMM voice, however, takes each phone's duration ({@code ph/@d}, ms) and each pause's
 * ({@code boundary/@duration}, ms) from the acoustic parameters it synthesizes, so dividing both by
 * the rate gives exactly the pace asked for, pitch unchanged. The one limit is the voice's: a phone
 * lasts at least one frame per HMM state (25 ms for {@code cmu-slt-hsmm}), so the fastest rates
 * come out somewhat slower than asked.
 */
final class SpeakingRate {

    /** The voice's own pace. */
    static final double NORMAL = 1.0;
    /** Slowest rate applied; slower requests are slowed this much. */
    static final double MIN = 0.25;
    /** Fastest rate applied; faster requests are sped up this much. */
    static final double MAX = 4.0;

    private static final String MARYXML = "http://mary.dfki.de/2002/MaryXML";
    private static final String PHONE = "ph";
    private static final String PHONE_DURATION = "d";
    private static final String BOUNDARY = "boundary";
    private static final String BOUNDARY_DURATION = "duration";

    private SpeakingRate() {
    }

    /**
     * The rate a request asks for, within what the engine applies.
     *
     * @param request the request
     * @return the rate, {@link #NORMAL} when none is asked for, clamped to {@link #MIN}..{@link #MAX}
     * @throws ProviderException {@code INVALID_REQUEST} when the speed is not a positive number
     */
    static double of(SynthesisRequest request) throws ProviderException {
        Double speed;
        try {
            speed = request.speed();
        } catch (NumberFormatException e) {
            speed = Double.NaN;
        }
        if (speed == null) {
            return NORMAL;
        }
        // The negated test also refuses NaN.
        if (!(speed > 0) || speed.isInfinite()) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        MaryTtsProvider.NAME + " speed must be a number from " + MIN + " to " + MAX);
        }
        return Math.clamp(speed, MIN, MAX);
    }

    /**
     * Scales the durations of an {@code ACOUSTPARAMS} document, in place.
     *
     * @param acoustparams the engine's plan: phones and pauses with their durations
     * @param rate         the rate, 1.0 leaves the document as it is
     */
    static void apply(Document acoustparams, double rate) {
        if (rate == NORMAL) {
            return;
        }
        scale(acoustparams.getElementsByTagNameNS(MARYXML, PHONE), PHONE_DURATION, rate);
        scale(acoustparams.getElementsByTagNameNS(MARYXML, BOUNDARY), BOUNDARY_DURATION, rate);
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
