package io.ttsgateway.cartesia;

import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * The audio of one request: its context's inbox, replaced once by a context on a fresh socket when
 * the reused socket it was sent on died before Cartesia answered anything of it.
 */
final class CartesiaStream implements AudioStream {

    private static final Logger LOGGER = Logger.getLogger(CartesiaStream.class.getName());

    private final CartesiaSession session;
    private final CartesiaGeneration generation;
    private final ReentrantLock lock = new ReentrantLock();
    private CartesiaContext context;
    private boolean closed;
    /** Touched by the reading thread only. */
    private boolean retried;

    /**
     * Creates the stream of a sent request.
     *
     * @param session    the session, for a retry
     * @param generation the request, for a retry
     * @param context    where its audio arrives
     */
    CartesiaStream(CartesiaSession session, CartesiaGeneration generation, CartesiaContext context) {
        this.session = session;
        this.generation = generation;
        this.context = context;
    }

    @Override
    public AudioFormat format() {
        return generation.output().format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            CartesiaContext current = current();
            try {
                return current.inbox().read();
            } catch (ProviderException e) {
                if (e.kind() == ProviderErrorKind.TIMEOUT) {
                    current.connection().retire();
                }
                if (retried || !current.retryable()) {
                    throw e;
                }
                retried = true;
                LOGGER.fine("Cartesia socket died before answering; sending the request once more on a new socket");
                current.inbox().close();
                CartesiaContext next = session.retry(generation, current.connection());
                lock.lock();
                try {
                    if (!closed) {
                        context = next;
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
                next.inbox().close(); // closed while retrying: cancels the new context at Cartesia
                return null;
            }
        }
    }

    @Override
    public WordAlignment nextAlignment() {
        return current().inbox().nextAlignment();
    }

    @Override
    public void close() {
        CartesiaContext current;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            current = context;
        } finally {
            lock.unlock();
        }
        current.inbox().close();
    }

    private CartesiaContext current() {
        lock.lock();
        try {
            return context;
        } finally {
            lock.unlock();
        }
    }
}
