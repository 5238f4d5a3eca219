package io.ttsgateway.audio;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AudioFormatTest {

    @Test
    void parsesProtocolNames() {
        assertThat(AudioFormat.parse("pcm_24000"), is(AudioFormat.pcm(24000)));
        assertThat(AudioFormat.parse("ulaw_8000"), is(new AudioFormat(AudioEncoding.ULAW, 8000)));
        assertThat(AudioFormat.parse("wav_16000").toString(), is("wav_16000"));
        assertThat(AudioFormat.pcm(22050).bytesPerSecond(), is(44100));
    }

    @Test
    void rejectsWhatCannotBeProduced() {
        for (String bad : new String[] {"pcm_12345", "ulaw_16000", "mp3_44100", "pcm", "pcm_", "_8000", "pcm_x"}) {
            assertThrows(IllegalArgumentException.class, () -> AudioFormat.parse(bad), bad);
        }
    }
}
