package io.ttsgateway.cartesia;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The {@code context_id} of one whole request in flight: where its audio goes, and what is known of
 * its fate when the socket under it ends.
 */
final class CartesiaContext implements CartesiaReceiver {

    private final String id;
    private final AudioInbox inbox;
    private final CartesiaConnection connection;
    private final boolean reused;
    private final boolean timestamps;
    private volatile boolean heard;
    private volatile boolean lostUnheard;

    /**
     * Creates a context.
     *
     * @param id         the {@code context_id}
     * @param inbox      where its audio goes
     * @param connection the socket it was sent on
     * @param reused     whether that socket had served before
     * @param timestamps whether word timestamps were asked for
     */
    CartesiaContext(String id, AudioInbox inbox, CartesiaConnection connection, boolean reused,
                    boolean timestamps) {
        this.id = id;
        this.inbox = inbox;
        this.connection = connection;
        this.reused = reused;
        this.timestamps = timestamps;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Where the context's audio goes; also its {@link io.ttsgateway.provider.AudioStream}.
     *
     * @return the inbox
     */
    AudioInbox inbox() {
        return inbox;
    }

    /**
     * The socket the context was sent on.
     *
     * @return the connection
     */
    CartesiaConnection connection() {
        return connection;
    }

    @Override
    public boolean wantsTimestamps() {
        return timestamps;
    }

    @Override
    public void heard() {
        heard = true;
    }

    /**
     * Refused once the request timed out, overflowed or was closed by its reader.
     */
    @Override
    public boolean audio(byte[] chunk, int flushId) {
        return inbox.push(chunk);
    }

    @Override
    public void words(WordAlignment words) {
        inbox.align(words);
    }

    /**
     * A whole request sends no flush of its own; any {@code flush_done} only shows progress.
     */
    @Override
    public void flushDone(int flushId) {
        inbox.touch();
    }

    @Override
    public void progress() {
        inbox.touch();
    }

    @Override
    public void done() {
        inbox.finish();
    }

    @Override
    public void failed(ProviderException error) {
        inbox.fail(error);
    }

    @Override
    public void lost(ProviderException error, boolean byProvider) {
        lostUnheard = byProvider && !heard;
        inbox.fail(error);
    }

    /**
     * Whether the request may be sent again on a fresh socket: the socket was a reused one and died
     * before Cartesia said anything of this context, so no audio of it can have been delivered and
     * the likeliest cause is a socket that was already dying (an idle close crossing the request).
     *
     * @return true when one retry is allowed
     */
    boolean retryable() {
        return reused && lostUnheard && !inbox.receivedAudio();
    }
}
