package io.ttsgateway.cache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ttsgateway.cache.TestEntries.bytes;
import static io.ttsgateway.cache.TestEntries.flip;
import static io.ttsgateway.cache.TestEntries.key;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A hit is read and verified as it streams: the first chunk costs one read of one block, corruption ends it. */
class CachedAudioTest {

    private static final long MB = 1024 * 1024;
    private static final int CHUNK = 8192;
    private static final int CHUNKS = 50;

    @TempDir
    Path directory;

    @Test
    void firstChunkCostsOneReadOfOneBlockAndLaterChunksShareReads() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "long entry");
        Path file = cache.entryPath(key);
        CountingChannel counting = new CountingChannel(FileChannel.open(file, StandardOpenOption.READ));

        try (CachedAudio audio = CachedAudio.open(counting, CachedAudio.Listener.NONE)) {
            long atOpen = counting.read;
            assertThat("one read at open", counting.reads, is(1));
            assertThat("one block, not the whole entry", atOpen, is((long) DirectBuffers.BLOCK_BYTES));
            assertThat(audio.next(), is(bytes(CHUNK, 0)));
            assertThat(audio.next(), is(bytes(CHUNK, 1)));
            assertThat("chunks within the first block read nothing more", counting.read, is(atOpen));
            int chunks = 2;
            for (byte[] chunk = audio.next(); chunk != null; chunk = audio.next()) {
                assertThat(chunk, is(bytes(CHUNK, chunks)));
                chunks++;
            }
            assertThat(chunks, is(CHUNKS));
            assertThat("every byte read once", counting.read, is(Files.size(file)));
            assertThat("a read per block, not per chunk", counting.reads,
                       is(lessThanOrEqualTo((int) (Files.size(file) / (DirectBuffers.BLOCK_BYTES - CHUNK - 4)) + 1)));
        }
    }

    @Test
    void chunksLongerThanABlockAreReadWhole() throws IOException {
        AudioCache cache = open();
        CacheKey key = key("long chunks");
        List<byte[]> written = List.of(bytes(10, 1), bytes(3 * DirectBuffers.BLOCK_BYTES + 17, 2), bytes(5, 3),
                                       bytes(DirectBuffers.BLOCK_BYTES, 4), bytes(DirectBuffers.BLOCK_BYTES - 3, 5));
        try (CacheWriter writer = cache.writer(key)) {
            written.forEach(writer::write);
            assertThat(writer.commit(), is(true));
        }
        List<byte[]> served = new ArrayList<>();
        try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
            for (byte[] chunk = audio.next(); chunk != null; chunk = audio.next()) {
                served.add(chunk);
            }
        }
        assertThat(served.size(), is(written.size()));
        for (int i = 0; i < written.size(); i++) {
            assertThat("chunk " + i, served.get(i), is(written.get(i)));
        }
        assertThat(cache.corruptEntries(), is(0L));
    }

    @Test
    void closedEntryReadsNothingMore() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "closed early");
        CachedAudio audio = cache.lookup(key).orElseThrow();
        audio.next();
        audio.next();
        audio.close();
        // Its read buffer went back for reuse: reading on must fail, not hand out another entry's bytes.
        assertThrows(IOException.class, audio::next);
        assertThat("closing early is no corruption", cache.corruptEntries(), is(0L));
        assertThat(Files.exists(cache.entryPath(key)), is(true));
    }

    @Test
    void byteFlippedMidPayloadFailsTheStreamBeforeItsEndAndRemovesTheEntry() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "flipped in the middle");
        flip(cache.entryPath(key), EntryFormat.HEADER_BYTES + (CHUNKS / 2) * (4 + CHUNK) + 100);

        List<byte[]> served = new ArrayList<>();
        try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
            CorruptEntryException e = assertThrows(CorruptEntryException.class, () -> {
                for (byte[] chunk = audio.next(); chunk != null; chunk = audio.next()) {
                    served.add(chunk);
                }
            });
            assertThat(e.getMessage(), is("checksum mismatch"));
            assertThrows(CorruptEntryException.class, audio::next);
        }
        assertThat("the last chunk is held back until the checksum is right", served.size(), is(CHUNKS - 1));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(cache.corruptEntries(), is(1L));
        assertThat(cache.entryCount(), is(0));
        assertThat("never served again", cache.lookup(key).isPresent(), is(false));
    }

    @Test
    void fileTruncatedWhileStreamingFailsTheStreamAndRemovesTheEntry() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "truncated under the reader");
        try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
            audio.next();
            try (FileChannel channel = FileChannel.open(cache.entryPath(key), StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(cache.entryPath(key)) / 2);
            }
            CorruptEntryException e = assertThrows(CorruptEntryException.class, () -> {
                while (audio.next() != null) {
                    // read on
                }
            });
            assertThat(e.getMessage(), containsString("truncated"));
        }
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(cache.lookup(key).isPresent(), is(false));
    }

    @Test
    void absurdFirstChunkLengthIsAMissAndDeleted() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "bad first length");
        try (RandomAccessFile file = new RandomAccessFile(cache.entryPath(key).toFile(), "rw")) {
            file.seek(EntryFormat.HEADER_BYTES);
            file.writeInt(Integer.MAX_VALUE);
        }
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(cache.corruptEntries(), is(1L));
    }

    @Test
    void entryReplacedAfterItWasOpenedIsNotDeletedWithTheCorruptOne() throws IOException {
        AudioCache cache = open();
        CacheKey key = commit(cache, "replaced");
        flip(cache.entryPath(key), Files.size(cache.entryPath(key)) - 10);
        try (CachedAudio stale = cache.lookup(key).orElseThrow()) {
            commit(cache, "replaced"); // a writer renames a good entry into place meanwhile
            assertThrows(CorruptEntryException.class, () -> {
                while (stale.next() != null) {
                    // read on
                }
            });
        }
        try (CachedAudio fresh = cache.lookup(key).orElseThrow()) {
            int chunks = 0;
            while (fresh.next() != null) {
                chunks++;
            }
            assertThat(chunks, is(CHUNKS));
        }
    }

    @Test
    void disabledCacheMissesAndDiscards() throws IOException {
        AudioCache cache = AudioCache.disabled();
        CacheKey key = key("anything");
        try (CacheWriter writer = cache.writer(key)) {
            writer.write(bytes(100, 1));
            assertThat(writer.commit(), is(false));
        }
        assertThat(cache.enabled(), is(false));
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(cache.sizeBytes(), is(0L));
        assertThat(cache.sharedTierStats().hits(), is(0L));
    }

    private AudioCache open() throws IOException {
        return AudioCache.open(new CacheSettings(directory, 16 * MB, 16 * MB));
    }

    private static CacheKey commit(AudioCache cache, String text) {
        CacheKey key = key(text);
        try (CacheWriter writer = cache.writer(key)) {
            for (int i = 0; i < CHUNKS; i++) {
                writer.write(bytes(CHUNK, i));
            }
            assertThat(writer.commit(), is(true));
        }
        return key;
    }

    /** Counts the bytes read through it. */
    private static final class CountingChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;
        private long read;
        private int reads;

        CountingChannel(SeekableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = delegate.read(dst);
            read += Math.max(n, 0);
            reads++;
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
