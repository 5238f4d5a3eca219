package io.ttsgateway.synthesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.CacheWriter;
import io.ttsgateway.cache.DirectBuffers;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * One provider stream read by every request that asked for the same audio while it was being made.
 * Each reader gets all of it from the start. There is no pump thread: the reader that reaches the
 * end of what has arrived pulls the next chunk from the provider on its own thread while the others
 * wait for it, so the first reader pays no extra thread hop. The provider stream is stopped only
 * when the last reader leaves.
 *
 * <p>New readers may join while the audio kept from the start stays within a byte bound; past it
 * the synthesis stops taking readers and keeps only what its slowest reader has not read yet.
 */
final class SharedSynthesis {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long maxJoinableBytes;
    private final Consumer<SharedSynthesis> unjoinable;
    private final KeptAudio kept;
    private final List<Reader> readers = new ArrayList<>();
    private AudioStream stream;
    private CacheWriter writer;
    /** Chunks handed to the cache writer. */
    private int written;
    private boolean joinable = true;
    /** The reader reading the provider stream for all, or null. */
    private Reader puller;
    private boolean ended;
    private boolean stopped;
    private ProviderException failure;
    /** The first reader's open was interrupted: nothing was opened, waiting readers open their own. */
    private boolean abandoned;

    /**
     * Creates a synthesis that is still opening its provider stream; readers may already join.
     *
     * @param maxJoinableBytes audio kept from the start for readers that join later
     * @param offHeap          off-heap slabs for that audio
     * @param unjoinable       told once, when no more readers may join
     */
    SharedSynthesis(long maxJoinableBytes, DirectBuffers offHeap, Consumer<SharedSynthesis> unjoinable) {
        this.maxJoinableBytes = maxJoinableBytes;
        this.kept = new KeptAudio(offHeap, maxJoinableBytes > 0);
        this.unjoinable = unjoinable;
    }

    /** Adds a reader, unless the synthesis no longer takes any: then {@code null}. */
    Reader join() {
        lock.lock();
        try {
            if (!joinable) {
                return null;
            }
            Reader reader = new Reader();
            readers.add(reader);
            return reader;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The provider stream is open: readers may pull from it.
     *
     * @param opened the provider stream
     * @param cache  where the audio goes (a discarding writer when caching is off)
     */
    void opened(AudioStream opened, CacheWriter cache) {
        boolean orphan;
        lock.lock();
        try {
            stream = opened;
            writer = cache;
            orphan = readers.isEmpty();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (orphan) {
            stop();
        }
    }

    /**
     * The provider stream could not be opened: every reader fails as the opener did, or, when the
     * opener was interrupted, opens a stream of its own.
     *
     * @param why the failure, or {@code null} when the opener was interrupted
     */
    void notOpened(ProviderException why) {
        lock.lock();
        try {
            failure = why;
            abandoned = why == null;
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeToJoiners();
    }

    private byte[] read(Reader reader) throws ProviderException, InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (reader.aborted) {
                    throw new InterruptedException("cancelled");
                }
                if (reader.position < kept.end()) {
                    byte[] chunk = kept.get(reader.position);
                    reader.position++;
                    trim();
                    return chunk;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return null;
                }
                if (stream != null && puller == null) {
                    puller = reader;
                    break;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        return pull(reader);
    }

    /** Reads the next chunk from the provider, as the one reader currently pulling. */
    private byte[] pull(Reader reader) throws ProviderException, InterruptedException {
        byte[] chunk;
        try {
            writeBehind();
            chunk = stream.read();
        } catch (ProviderException e) {
            finish(e);
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            // Another reader takes over; the stream is stopped only when the last one leaves.
            lock.lock();
            try {
                puller = null;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        if (chunk == null) {
            writeBehind();
            if (stream.cacheable()) {
                writer.commit();
            }
            lock.lock();
            try {
                // Timings may come after the last audio (Cartesia's often do): every reader still gets them.
                takeTimings();
            } finally {
                lock.unlock();
            }
            finish(null);
            return null;
        }
        boolean closeNow;
        lock.lock();
        try {
            puller = null;
            kept.add(chunk);
            takeTimings();
            closeNow = kept.bytes() > maxJoinableBytes && endJoining();
            reader.position++;
            trim();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            unjoinable.accept(this);
        }
        return chunk;
    }

    /** Moves the stream's new timings to the shared list, after the chunks read so far; under the lock. */
    private void takeTimings() {
        for (WordAlignment words = stream.nextAlignment(); words != null; words = stream.nextAlignment()) {
            kept.addAlignment(words);
        }
    }

    /** Hands the chunks read so far to the cache, off the first byte's path. */
    private void writeBehind() {
        List<byte[]> pending;
        lock.lock();
        try {
            pending = kept.range(written, kept.end());
            written = kept.end();
        } finally {
            lock.unlock();
        }
        pending.forEach(writer::write);
    }

    private void finish(ProviderException why) {
        lock.lock();
        try {
            puller = null;
            ended = true;
            failure = why;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeToJoiners();
    }

    /** Drops chunks every reader has passed, once no reader can join and start from the beginning. */
    private void trim() {
        if (joinable) {
            return;
        }
        int slowest = kept.end();
        if (writer != null) {
            slowest = Math.min(slowest, written); // what the cache has not had yet stays
        }
        for (Reader reader : readers) {
            slowest = Math.min(slowest, reader.position);
        }
        kept.dropBefore(slowest);
    }

    /** Takes no more joiners, under the lock; whether it took them until now. */
    private boolean endJoining() {
        boolean was = joinable;
        joinable = false;
        kept.stopCopying();
        return was;
    }

    private void closeToJoiners() {
        boolean wasJoinable;
        lock.lock();
        try {
            wasJoinable = endJoining();
        } finally {
            lock.unlock();
        }
        if (wasJoinable) {
            unjoinable.accept(this);
        }
    }

    private void leave(Reader reader) {
        boolean last;
        boolean wasJoinable = false;
        lock.lock();
        try {
            readers.remove(reader);
            last = readers.isEmpty();
            if (last) {
                // Closed to joiners in the same step: none can come in to find the audio freed.
                wasJoinable = endJoining();
                kept.free();
            } else {
                trim();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (wasJoinable) {
            unjoinable.accept(this);
        }
        if (last) {
            stop();
        }
    }

    /** The last reader left: stops the provider and drops an unfinished cache entry. */
    private void stop() {
        AudioStream opened;
        CacheWriter cache;
        lock.lock();
        try {
            if (stopped || stream == null) {
                return;
            }
            stopped = true;
            opened = stream;
            cache = writer;
        } finally {
            lock.unlock();
        }
        closeToJoiners();
        opened.close();
        cache.close();
    }

    /** One request's view: its own position in the shared audio. */
    final class Reader {
        private int position;
        private int timingsTaken;
        private volatile boolean aborted;

        byte[] read() throws ProviderException, InterruptedException {
            return SharedSynthesis.this.read(this);
        }

        WordAlignment nextAlignment() {
            lock.lock();
            try {
                WordAlignment words = kept.alignment(timingsTaken, position);
                timingsTaken += words == null ? 0 : 1;
                return words;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Makes a blocked {@link #read()} return: the only reader stops the provider at once; with
         * others the stream goes on, and a read waiting for another's pull ends at once.
         * @return false when this reader pulls the stream for others: an interrupt of its thread would
         *         close the stream for all; its read returns with the next chunk
         */
        boolean abort() {
            aborted = true;
            boolean alone;
            boolean pullingForOthers;
            lock.lock();
            try {
                alone = readers.size() == 1 && readers.contains(this);
                pullingForOthers = puller == this && !alone;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (alone) {
                stop();
            }
            return !pullingForOthers;
        }

        /**
         * Waits until the provider stream is open.
         *
         * @return false when the opener was cancelled before opening: open a stream of your own
         * @throws ProviderException    as the opener failed
         * @throws InterruptedException when cancelled meanwhile
         */
        boolean awaitOpen() throws ProviderException, InterruptedException {
            lock.lock();
            try {
                while (stream == null && !ended) {
                    changed.await();
                }
                if (abandoned) {
                    return false;
                }
                if (stream == null && failure != null) {
                    throw failure;
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        AudioFormat format() {
            lock.lock();
            try {
                return stream.format();
            } finally {
                lock.unlock();
            }
        }

        void close() {
            leave(this);
        }
    }
}
