package io.ttsgateway.synthesis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.ttsgateway.ScriptedStream;
import io.ttsgateway.Threads;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.cache.DirectBuffers;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One provider stream read by several requests: every reader hears all of it from the start, the
 * stream stops only with its last reader, failures reach everyone, the join bound, the cache entry.
 * The provider is a {@link ScriptedStream} the test feeds; readers that must block run on threads
 * of the test.
 */
class SharedSynthesisTest {

    private static final long MB = 1024 * 1024;
    private static final byte[] A = {1, 1, 1, 1};
    private static final byte[] B = {2, 2, 2, 2};
    private static final byte[] C = {3, 3, 3, 3};
    private static final CacheKey KEY = CacheKey.of("scripted", null, null, Map.of(), "pcm_16000", "hello");

    private final AtomicInteger unjoinable = new AtomicInteger();
    private final ScriptedStream stream = new ScriptedStream();
    private final DirectBuffers offHeap = KeptAudio.slabs(MB);
    private SharedSynthesis shared = new SharedSynthesis(MB, offHeap, done -> unjoinable.incrementAndGet());

    @TempDir
    Path directory;

    @Test
    void twoReadersEachGetEveryChunkInOrderFromOneProviderStream() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(2);
        stream.feed(A, B, C).end();
        assertEquals(contents(List.of(A, B, C)), contents(readAll(readers.get(0))));
        assertEquals(contents(List.of(A, B, C)), contents(readAll(readers.get(1))));
        assertEquals(4, stream.reads(), "the provider is read once for both: three chunks and the end");
        readers.get(0).close();
        assertFalse(stream.isClosed(), "one reader is left");
        readers.get(1).close();
        assertTrue(stream.isClosed());
    }

    @Test
    void timingsThatComeAfterTheLastAudioReachEveryReader() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(2);
        WordAlignment last = new WordAlignment(List.of("world"), List.of(100L), List.of(400L));
        stream.feed(A);
        assertSame(A, readers.get(0).read());
        stream.align(last).end();

        assertEquals(null, readers.get(0).read());
        assertSame(last, readers.get(0).nextAlignment());
        assertEquals(contents(List.of(A)), contents(readAll(readers.get(1))));
        assertSame(last, readers.get(1).nextAlignment());
    }

    @Test
    void readersOnTheirOwnThreadsTakeTurnsAtTheProvider() throws Exception {
        List<AtomicReference<Object>> heard = List.of(new AtomicReference<>(), new AtomicReference<>());
        List<Thread> threads = new ArrayList<>();
        for (AtomicReference<Object> result : heard) {
            SharedSynthesis.Reader reader = shared.join();
            threads.add(Threads.call("reader", () -> readAll(reader), result));
        }
        shared.opened(stream, AudioCache.disabled().writer(KEY));
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] chunk = {(byte) i, (byte) (i >> 8)};
            chunks.add(chunk);
            stream.feed(chunk);
        }
        stream.end();
        for (int i = 0; i < threads.size(); i++) {
            Threads.awaitFinished(threads.get(i));
            @SuppressWarnings("unchecked")
            List<byte[]> got = (List<byte[]>) heard.get(i).get();
            assertEquals(contents(chunks), contents(got), "a reader far behind gets copies kept off the heap");
        }
        assertEquals(51, stream.reads(), "each chunk was read from the provider once");
    }

    @Test
    void aReaderJoiningAfterSomeChunksStillHearsThemFromTheStart() throws Exception {
        SharedSynthesis.Reader first = openedWith(1).getFirst();
        stream.feed(A, B);
        assertSame(A, first.read());
        assertSame(B, first.read());

        SharedSynthesis.Reader late = shared.join();
        assertNotNull(late, "8 bytes kept of a 1 MB bound");
        assertTrue(late.awaitOpen(), "the stream is open: no wait");
        assertEquals(stream.format(), late.format());
        stream.feed(C).end();
        assertEquals(contents(List.of(A, B, C)), contents(readAll(late)));
        assertEquals(contents(List.of(C)), contents(readAll(first)));
    }

    @Test
    void aLateReaderHearsChunksKeptOffTheHeapAndTheLastToLeaveFreesThem() throws Exception {
        SharedSynthesis.Reader first = openedWith(1).getFirst();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 3 * KeptAudio.HEAP_WINDOW; i++) {
            byte[] chunk = new byte[960];
            Arrays.fill(chunk, (byte) i);
            chunks.add(chunk);
            stream.feed(chunk);
            assertSame(chunk, first.read(), "a reader keeping up gets the provider's own array");
        }
        assertTrue(offHeap.inUse() > 0, "the chunks went off the heap too");

        SharedSynthesis.Reader late = shared.join();
        assertNotNull(late);
        stream.end();
        assertEquals(contents(List.of()), contents(readAll(first)));
        first.close();
        assertTrue(offHeap.inUse() > 0, "the late reader has read nothing yet");
        assertEquals(contents(chunks), contents(readAll(late)));
        late.close();
        assertEquals(0, offHeap.inUse(), "every slab back in the pool");
    }

    @Test
    void aReaderLeavingDoesNotStopAReaderWaitingForTheProvider() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(2);
        AtomicReference<Object> heard = new AtomicReference<>();
        Thread reader = Threads.blockedCall("reader", () -> readAll(readers.get(1)), heard); // in the provider's read

        readers.get(0).close();
        assertFalse(stream.isClosed());
        stream.feed(A, B).end();
        Threads.awaitFinished(reader);
        assertEquals(List.of(A, B), heard.get());
        assertFalse(stream.isClosed());
        readers.get(1).close();
        assertTrue(stream.isClosed(), "the last reader left");
    }

    @Test
    void theLastReaderLeavingMidStreamClosesItAndNobodyJoinsAfter() throws Exception {
        SharedSynthesis.Reader only = openedWith(1).getFirst();
        stream.feed(A, B);
        assertSame(A, only.read());
        only.close();
        assertTrue(stream.isClosed());
        assertNull(shared.join(), "a stopped synthesis takes no readers");
        assertEquals(1, unjoinable.get());
    }

    @Test
    void abortOfTheOnlyReaderClosesTheStreamAtOnce() throws Exception {
        SharedSynthesis.Reader only = openedWith(1).getFirst();
        AtomicReference<Object> heard = new AtomicReference<>();
        Thread reader = Threads.blockedCall("reader", only::read, heard); // blocked in the provider's read

        assertTrue(only.abort(), "its thread may be interrupted: nobody else reads the stream");
        assertTrue(stream.isClosed(), "closed by abort itself, not later");
        Threads.awaitFinished(reader);
        assertInstanceOf(Exception.class, heard.get(), "the blocked read ended");
        assertThrows(InterruptedException.class, only::read);
    }

    @Test
    void abortOfOneOfTwoReadersWakesItAndLeavesTheStreamToTheOther() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(2);
        SharedSynthesis.Reader pulling = readers.get(0);
        SharedSynthesis.Reader waiting = readers.get(1);
        AtomicReference<Object> pulled = new AtomicReference<>();
        Thread puller = Threads.blockedCall("puller", pulling::read, pulled);
        AtomicReference<Object> waited = new AtomicReference<>();
        Thread waiter = Threads.blockedCall("waiter", waiting::read, waited);

        assertTrue(waiting.abort(), "it only waits for the other's pull");
        Threads.awaitFinished(waiter);
        assertInstanceOf(InterruptedException.class, waited.get());
        assertFalse(stream.isClosed());
        stream.feed(A);
        Threads.awaitFinished(puller);
        assertSame(A, pulled.get());
    }

    @Test
    void abortOfTheReaderPullingForAnotherLeavesItsReadToEndWithTheNextChunk() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(2);
        SharedSynthesis.Reader pulling = readers.get(0);
        AtomicReference<Object> pulled = new AtomicReference<>();
        Thread puller = Threads.blockedCall("puller", pulling::read, pulled); // in the provider's read

        assertFalse(pulling.abort(), "an interrupt would close the provider stream the other reader needs");
        assertFalse(stream.isClosed());
        stream.feed(A, B).end();
        Threads.awaitFinished(puller);
        assertSame(A, pulled.get());
        assertThrows(InterruptedException.class, pulling::read);
        pulling.close();
        assertEquals(contents(List.of(A, B)), contents(readAll(readers.get(1))));
    }

    @Test
    void aProviderFailureReachesEveryReader() throws Exception {
        List<SharedSynthesis.Reader> readers = openedWith(3);
        SharedSynthesis.Reader pulling = readers.get(0);
        SharedSynthesis.Reader waiting = readers.get(1);
        SharedSynthesis.Reader behind = readers.get(2);
        stream.feed(A);
        assertSame(A, pulling.read());
        assertSame(A, waiting.read());
        AtomicReference<Object> pulled = new AtomicReference<>();
        Thread puller = Threads.blockedCall("puller", pulling::read, pulled);
        AtomicReference<Object> waited = new AtomicReference<>();
        Thread waiter = Threads.blockedCall("waiter", waiting::read, waited);

        ProviderException failure = new ProviderException(ProviderErrorKind.UNAVAILABLE, "dropped");
        stream.fail(failure);
        Threads.awaitFinished(puller);
        Threads.awaitFinished(waiter);
        assertSame(failure, pulled.get());
        assertSame(failure, waited.get());
        assertSame(A, behind.read(), "a reader behind still hears what arrived before the failure");
        assertSame(failure, assertThrows(ProviderException.class, behind::read));
    }

    @Test
    void pastTheJoinableBoundNobodyJoinsAndEarlierReadersStillHearEverything() throws Exception {
        shared = new SharedSynthesis(10, offHeap, done -> unjoinable.incrementAndGet());
        SharedSynthesis.Reader fast = shared.join();
        shared.opened(stream, AudioCache.disabled().writer(KEY));
        stream.feed(A, B, C, A, B).end();
        assertSame(A, fast.read());
        assertSame(B, fast.read());
        SharedSynthesis.Reader slow = shared.join();
        assertNotNull(slow, "8 bytes kept of 10");
        assertEquals(0, unjoinable.get());

        assertSame(C, fast.read());
        assertEquals(1, unjoinable.get(), "told once the kept audio passed 10 bytes");
        assertNull(shared.join());
        assertEquals(contents(List.of(A, B)), contents(readAll(fast)));
        assertEquals(contents(List.of(A, B, C, A, B)), contents(readAll(slow)), "what the slow reader had not read was kept");
        fast.close();
        slow.close();
        assertEquals(1, unjoinable.get(), "and only once");
        // Dropping chunks every reader passed is not asserted: there is no package-private view of them.
    }

    @Test
    void notOpenedWithoutAFailureSendsWaitingReadersToOpenTheirOwn() throws Exception {
        assertEquals(Boolean.FALSE, awaitOpenWhenNotOpened(null));
        assertEquals(1, unjoinable.get());
    }

    @Test
    void notOpenedWithAFailureFailsWaitingReadersWithIt() throws Exception {
        ProviderException refused = new ProviderException(ProviderErrorKind.INVALID_REQUEST, "unknown voice");
        assertSame(refused, awaitOpenWhenNotOpened(refused));
        assertEquals(1, unjoinable.get());
    }

    @Test
    void aCompletedSharedSynthesisCommitsExactlyOneCacheEntry() throws Exception {
        try (AudioCache cache = cache()) {
            SharedSynthesis.Reader first = shared.join();
            SharedSynthesis.Reader second = shared.join();
            shared.opened(stream, cache.writer(KEY));
            stream.feed(A, B, C).end();
            assertEquals(contents(List.of(A, B, C)), contents(readAll(first)));
            assertEquals(contents(List.of(A, B, C)), contents(readAll(second)));
            first.close();
            second.close();

            assertEquals(1, cache.entryCount());
            try (CachedAudio entry = cache.lookup(KEY).orElseThrow()) {
                List<String> chunks = new ArrayList<>();
                for (int i = 0; i < entry.chunkCount(); i++) {
                    chunks.add(Arrays.toString(entry.next()));
                }
                assertEquals(Stream.of(A, B, C).map(Arrays::toString).toList(), chunks);
            }
        }
    }

    @Test
    void anAbandonedSharedSynthesisCommitsNothing() throws Exception {
        try (AudioCache cache = cache()) {
            SharedSynthesis.Reader only = shared.join();
            shared.opened(stream, cache.writer(KEY));
            stream.feed(A, B, C);
            assertSame(A, only.read());
            assertSame(B, only.read()); // A went to the cache file before B was pulled
            only.close();

            assertEquals(0, cache.entryCount());
            assertTrue(cache.lookup(KEY).isEmpty());
            try (Stream<Path> files = Files.walk(directory)) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no file left behind");
            }
        }
    }

    /** What a joiner waiting for the opener gets when the opener could not open; nobody joins after. */
    private Object awaitOpenWhenNotOpened(ProviderException why) throws Exception {
        SharedSynthesis.Reader opener = shared.join();
        SharedSynthesis.Reader joiner = shared.join();
        AtomicReference<Object> opened = new AtomicReference<>();
        Thread waiter = Threads.blockedCall("joiner", joiner::awaitOpen, opened);
        shared.notOpened(why);
        opener.close();
        Threads.awaitFinished(waiter);
        assertNull(shared.join());
        return opened.get();
    }

    /** Readers of {@link #shared}, joined before its stream opened. */
    private List<SharedSynthesis.Reader> openedWith(int count) {
        List<SharedSynthesis.Reader> readers = Stream.generate(shared::join).limit(count).toList();
        shared.opened(stream, AudioCache.disabled().writer(KEY));
        return readers;
    }

    private AudioCache cache() throws IOException {
        return AudioCache.open(new CacheSettings(directory, MB, MB));
    }

    /** The rest of a reader's audio: the very arrays the provider gave, so List equality holds. */
    private static List<String> contents(List<byte[]> chunks) {
        return chunks.stream().map(Arrays::toString).toList();
    }

    private static List<byte[]> readAll(SharedSynthesis.Reader reader) throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] chunk = reader.read(); chunk != null; chunk = reader.read()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
