package io.ttsgateway.deepgram;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One {@code Speak}+{@code Flush} on its way through a socket: a whole request, or one segment of
 * an utterance ({@link DeepgramUtterance}). It has its messages, its audio inbox, its place in the
 * utterance, and one chance to be sent again on another socket (a reused socket found dead before
 * Deepgram answered it, or a flush Deepgram refused).
 */
final class DeepgramRequest implements AudioInbox.Owner {

    private final SocketSettings settings;
    private final List<String> messages;
    private final int length;
    private final AudioInbox inbox;
    private final DeepgramUtterance utterance;
    private final int order;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean retried;

    private DeepgramRequest(SocketSettings settings, List<String> messages, int length, ProviderTimeouts timeouts,
                            DeepgramUtterance utterance, int order) {
        this.settings = settings;
        this.messages = List.copyOf(messages);
        this.length = length;
        this.utterance = utterance;
        this.order = order;
        this.inbox = new AudioInbox(DeepgramProvider.NAME, settings.output().format(), timeouts, this);
    }

    /**
     * Creates a request; its first-byte clock starts now.
     *
     * @param settings  the socket settings it needs
     * @param messages  its {@code Speak} messages, without the {@code Flush}
     * @param length    the characters of its text, as Deepgram counts them against its throughput limit
     * @param timeouts  first-byte and stall timeouts
     * @param utterance the utterance it belongs to
     * @param order     its place in the utterance, from 0
     * @return the request
     */
    static DeepgramRequest create(SocketSettings settings, List<String> messages, int length, ProviderTimeouts timeouts,
                                  DeepgramUtterance utterance, int order) {
        return new DeepgramRequest(settings, messages, length, timeouts, utterance, order);
    }

    /**
     * The socket settings this request needs.
     *
     * @return the settings
     */
    SocketSettings settings() {
        return settings;
    }

    /**
     * The {@code Speak} messages.
     *
     * @return the messages, in order
     */
    List<String> messages() {
        return messages;
    }

    /**
     * The length of the text.
     *
     * @return characters (UTF-16 units, never fewer than Deepgram counts)
     */
    int length() {
        return length;
    }

    /**
     * The audio, in Deepgram's output format.
     *
     * @return the inbox
     */
    AudioInbox inbox() {
        return inbox;
    }

    /**
     * The utterance that holds the socket this request is sent on.
     *
     * @return the utterance
     */
    DeepgramUtterance utterance() {
        return utterance;
    }

    /**
     * The request's place in its utterance.
     *
     * @return 0 for the first segment
     */
    int order() {
        return order;
    }

    /**
     * Takes the one second sending a request has, if its audio is still wanted.
     *
     * @return true when it may be sent again (once)
     */
    boolean takeRetry() {
        lock.lock();
        try {
            if (retried || inbox.isDone()) {
                return false;
            }
            retried = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void released(AudioInbox closed, boolean finished) {
        if (!finished) {
            utterance.abandoned(this);
        }
    }

    /**
     * Never prints the text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramRequest[" + settings + ", segment=" + order + ", messages=" + messages.size() + "]";
    }
}
