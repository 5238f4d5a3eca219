package io.ttsgateway.marytts;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeakingRateTest {

    private static final String PLAN = """
            <maryxml xmlns="http://mary.dfki.de/2002/MaryXML" version="0.5"><p><s>
              <t>hi<syllable><ph d="100" p="h"/><ph d="90" p="AI"/><ph p="x"/></syllable></t>
              <boundary breakindex="5" duration="400"/><boundary breakindex="1"/>
            </s></p></maryxml>
            """;

    @Test
    void noSpeedIsTheVoicesOwnPace() throws ProviderException {
        assertThat(SpeakingRate.of(request(null)), is(1.0));
    }

    @ParameterizedTest
    @CsvSource({"1.5, 1.5", "0.25, 0.25", "4, 4.0", "0.1, 0.25", "9, 4.0"})
    void speedIsClampedToWhatTheEngineApplies(String speed, double expected) throws ProviderException {
        assertThat(SpeakingRate.of(request(speed)), is(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "0", "-1", "NaN", "Infinity"})
    void aSpeedThatIsNotAPositiveNumberIsRefused(String speed) {
        ProviderException e = assertThrows(ProviderException.class, () -> SpeakingRate.of(request(speed)));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
    }

    @Test
    void phonesAndPausesAreShortenedByTheRate() throws Exception {
        Document plan = WordTimingsTest.parse(PLAN);
        SpeakingRate.apply(plan, 2.0);
        Element h = (Element) plan.getElementsByTagNameNS("*", "ph").item(0);
        Element ai = (Element) plan.getElementsByTagNameNS("*", "ph").item(1);
        Element undecided = (Element) plan.getElementsByTagNameNS("*", "ph").item(2);
        Element pause = (Element) plan.getElementsByTagNameNS("*", "boundary").item(0);
        Element unspecified = (Element) plan.getElementsByTagNameNS("*", "boundary").item(1);
        assertThat(Double.parseDouble(h.getAttribute("d")), closeTo(50, 1e-9));
        assertThat(Double.parseDouble(ai.getAttribute("d")), closeTo(45, 1e-9));
        assertThat(Double.parseDouble(pause.getAttribute("duration")), closeTo(200, 1e-9));
        assertThat("no duration is left to the engine", undecided.hasAttribute("d"), is(false));
        assertThat(unspecified.hasAttribute("duration"), is(false));
    }

    private static SynthesisRequest request(String speed) {
        Map<String, String> settings = new HashMap<>();
        if (speed != null) {
            settings.put(SynthesisRequest.SPEED, speed);
        }
        return new SynthesisRequest("Hi.", null, null, AudioFormat.pcm(24_000), settings);
    }
}
