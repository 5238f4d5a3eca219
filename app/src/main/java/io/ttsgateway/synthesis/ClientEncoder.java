package io.ttsgateway.synthesis;

import io.ttsgateway.audio.AudioConverter;
import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.WavHeader;

/**
 * Turns a request's audio, as its sources produce it, into the client's format: one stateful
 * converter for the whole request (segments and their seams included), and for {@code wav_<rate>}
 * one header before the first sample. A source in another format than the one before (a fallback
 * provider) gets a new converter; the old one's tail is flushed first, so no sample is lost.
 */
public final class ClientEncoder {

    private final AudioFormat client;
    private final AudioFormat samples;
    private AudioConverter converter;
    private AudioFormat from;
    private boolean headerSent;

    /**
     * Creates the encoder of one request.
     *
     * @param client the format the client asked for
     */
    public ClientEncoder(AudioFormat client) {
        this.client = client;
        this.samples = FormatPlan.samplesOf(client);
    }

    /**
     * The client's format.
     *
     * @return the format of what this encoder returns
     */
    public AudioFormat format() {
        return client;
    }

    /**
     * Converts one chunk.
     *
     * @param chunk  audio in {@code format}
     * @param format the chunk's format
     * @return the audio in the client's format, possibly empty (a resampler holds a few samples back)
     */
    public byte[] encode(byte[] chunk, AudioFormat format) {
        byte[] out;
        if (format.equals(samples) && converter == null) {
            out = chunk;
        } else {
            byte[] tail = switchTo(format);
            out = concat(tail, converter.convert(chunk));
        }
        return frame(out);
    }

    /**
     * The samples still held by the converter, at the end of the request.
     *
     * @return the last bytes, possibly empty
     */
    public byte[] finish() {
        byte[] tail = converter == null ? new byte[0] : converter.flush();
        converter = null;
        from = null;
        return tail.length == 0 ? tail : frame(tail);
    }

    private byte[] switchTo(AudioFormat format) {
        if (converter != null && format.equals(from)) {
            return new byte[0];
        }
        byte[] tail = converter == null ? new byte[0] : converter.flush();
        converter = AudioConverter.create(format, samples);
        from = format;
        return tail;
    }

    private byte[] frame(byte[] audio) {
        if (client.encoding() != AudioEncoding.WAV || headerSent || audio.length == 0) {
            return audio;
        }
        headerSent = true;
        return concat(WavHeader.streaming(client.sampleRate()), audio);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        if (first.length == 0) {
            return second;
        }
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
