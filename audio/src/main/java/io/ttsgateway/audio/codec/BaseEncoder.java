package io.ttsgateway.audio.codec;

/**
 * What every encoder shares: its rate and media type, sample alignment and the finished state.
 */
abstract class BaseEncoder implements StreamingEncoder {

    private final int sampleRate;
    private final String contentType;
    private final EvenBytes even = new EvenBytes();
    private boolean finished;

    BaseEncoder(int sampleRate, String contentType) {
        this.sampleRate = sampleRate;
        this.contentType = contentType;
    }

    @Override
    public final String contentType() {
        return contentType;
    }

    @Override
    public final int sampleRate() {
        return sampleRate;
    }

    /**
     * Checks that the stream is still open, and closes it when finishing.
     *
     * @param finishing whether this is the call to {@link #finish()}
     */
    final void checkOpen(boolean finishing) {
        if (finished) {
            throw new IllegalStateException("encoder is finished");
        }
        finished = finishing;
    }

    /**
     * The whole samples available after this chunk, see {@link EvenBytes}.
     *
     * @param chunk the bytes given to {@link #encode}
     * @return an even number of bytes
     */
    final byte[] align(byte[] chunk) {
        return even.align(chunk);
    }
}
