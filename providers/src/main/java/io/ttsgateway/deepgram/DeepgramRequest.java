package io.ttsgateway.deepgram;

import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One synthesis on its way through a socket: its messages, its audio inbox, and which socket
 * carries it now. A request is carried by at most two sockets in its life: the one it was sent on,
 * and a new one if the first turned out dead before Deepgram took the request.
 */
final class DeepgramRequest implements AudioInbox.Owner {

    private final SocketSettings settings;
    private final List<String> messages;
    private final AudioInbox inbox;
    private final ReentrantLock lock = new ReentrantLock();
    private DeepgramConnection connection;
    private boolean cancelled;
    private boolean retried;
    private Future<?> retry;

    private DeepgramRequest(SocketSettings settings, List<String> messages, ProviderTimeouts timeouts) {
        this.settings = settings;
        this.messages = List.copyOf(messages);
        this.inbox = new AudioInbox(DeepgramProvider.NAME, settings.output().format(), timeouts, this);
    }

    /**
     * Creates a request; its first-byte clock starts now.
     *
     * @param settings the socket settings it needs
     * @param messages its {@code Speak} messages, without the {@code Flush}
     * @param timeouts first-byte and stall timeouts
     * @return the request
     */
    static DeepgramRequest create(SocketSettings settings, List<String> messages, ProviderTimeouts timeouts) {
        return new DeepgramRequest(settings, messages, timeouts);
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
     * The audio, in Deepgram's output format.
     *
     * @return the inbox
     */
    AudioInbox inbox() {
        return inbox;
    }

    /**
     * Notes the socket that carries the request from now on.
     *
     * @param carrier the socket
     * @return false when the request was cancelled meanwhile, and must not be sent
     */
    boolean attach(DeepgramConnection carrier) {
        lock.lock();
        try {
            if (cancelled) {
                return false;
            }
            connection = carrier;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the one retry a request has, if it may still use it.
     *
     * @param task starts the retry; run only when the retry is granted
     * @return true when the retry was granted (not cancelled, not retried before)
     */
    boolean retry(Supplier<Future<?>> task) {
        lock.lock();
        try {
            if (cancelled || retried || inbox.isDone()) {
                return false;
            }
            retried = true;
            connection = null;
            retry = task.get();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void released(AudioInbox closed, boolean finished) {
        DeepgramConnection carrier;
        Future<?> pending;
        lock.lock();
        try {
            if (finished) {
                return;
            }
            cancelled = true;
            carrier = connection;
            pending = retry;
        } finally {
            lock.unlock();
        }
        if (carrier != null) {
            carrier.cancel(this);
        } else if (pending != null) {
            // Interrupts a reconnect in progress; a socket that connects anyway goes to the pool unused.
            pending.cancel(true);
        }
    }

    /**
     * Never prints the text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramRequest[" + settings + ", messages=" + messages.size() + "]";
    }
}
