package io.ttsgateway.audio;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class G711Test {

    @Test
    void muLawRoundTripStaysWithinItsQuantizationStep() {
        for (int value = Short.MIN_VALUE; value <= Short.MAX_VALUE; value++) {
            short sample = (short) value;
            int decoded = G711.fromMuLaw(G711.muLaw(sample));
            int magnitude = Math.min(Math.abs(value), 32635);
            // Mu-law's step doubles per segment: at most 1/16 of the segment, i.e. about 3.2 % + 4.
            int allowed = Math.max(8, magnitude / 16);
            assertThat("sample " + value, Math.abs(decoded - Math.max(-32635, Math.min(32635, value))),
                       lessThanOrEqualTo(allowed));
        }
    }

    @Test
    void aLawRoundTripStaysWithinItsQuantizationStep() {
        for (int value = Short.MIN_VALUE; value <= Short.MAX_VALUE; value++) {
            short sample = (short) value;
            int decoded = G711.fromALaw(G711.aLaw(sample));
            int allowed = Math.max(16, Math.abs(value) / 16);
            assertThat("sample " + value, Math.abs(decoded - value), lessThanOrEqualTo(allowed));
        }
    }

    @Test
    void knownCodesMatchTheStandard() {
        // G.711 reference points: silence and the extremes.
        assertThat(G711.muLaw((short) 0), is((byte) 0xFF));
        assertThat(G711.muLaw((short) 32767), is((byte) 0x80));
        assertThat(G711.muLaw((short) -32768), is((byte) 0x00));
        assertThat(G711.fromMuLaw((byte) 0xFF), is((short) 0));
        assertThat(G711.aLaw((short) 0), is((byte) 0xD5));
        assertThat(G711.fromALaw((byte) 0xD5), is((short) 8));
        assertThat(G711.fromALaw((byte) 0x55), is((short) -8));
    }
}
