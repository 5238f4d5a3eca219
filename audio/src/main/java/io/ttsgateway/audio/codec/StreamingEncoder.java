package io.ttsgateway.audio.codec;

/**
 * Encodes a stream of 16-bit little-endian mono PCM into one container format, chunk by chunk.
 * The outputs of {@link #encode} in order, followed by that of {@link #finish}, form one valid
 * file; every prefix of them is playable as a progressive stream. One instance per stream, used
 * by one thread at a time.
 */
public interface StreamingEncoder {

    /**
     * Encodes the next chunk.
     *
     * @param pcm16le samples, any length (an odd trailing byte is kept for the next chunk)
     * @return the bytes to send now, possibly empty while the encoder buffers
     */
    byte[] encode(byte[] pcm16le);

    /**
     * Encodes what is buffered and writes the trailer; the encoder is unusable afterwards.
     *
     * @return the last bytes of the stream
     */
    byte[] finish();

    /**
     * The media type to send, e.g. {@code audio/mpeg}.
     *
     * @return the {@code Content-Type} value
     */
    String contentType();

    /**
     * The sample rate the input must have.
     *
     * @return samples per second
     */
    int sampleRate();
}
