package io.ttsgateway.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.quota.LocalQuotaCounter;
import io.ttsgateway.quota.WindowCount;

/**
 * Usage totals and quota windows of one replica in {@code <cache directory>/usage/usage.json}. Each
 * save writes the whole state to a temporary file, forces it to disk and renames it over the old
 * one, so a crash leaves the previous state or the new one, never a mix. A file that cannot be
 * read is moved aside (never overwritten) and counting starts over, with a warning.
 */
public final class DiskUsageStore implements UsageStore {

    /** Directory under the cache directory. */
    public static final String DIRECTORY = "usage";
    /** The file in it. */
    public static final String FILE = "usage.json";

    private static final Logger LOGGER = Logger.getLogger(DiskUsageStore.class.getName());
    private static final int VERSION = 1;

    /** The file's content. */
    record Content(int version, List<Row> usage, List<WindowCount> windows) {
    }

    /** The totals of one key at one provider. */
    record Row(String key, String provider, long characters, long audioMillis, long requests, long cacheHits) {
    }

    private final Path file;
    private final Path temporary;
    private final ObjectMapper mapper;
    private final MemoryUsageStore state = new MemoryUsageStore();
    private final ReentrantLock saving = new ReentrantLock();
    private long savedChanges;

    private DiskUsageStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.temporary = file.resolveSibling(FILE + ".tmp");
        this.mapper = mapper;
    }

    /**
     * Opens the store, reading what an earlier run saved.
     *
     * @param cacheDirectory the cache directory
     * @param mapper         JSON mapper
     * @return the store
     * @throws IOException when the directory cannot be created or the file cannot be read
     */
    public static DiskUsageStore open(Path cacheDirectory, ObjectMapper mapper) throws IOException {
        Path directory = cacheDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        DiskUsageStore store = new DiskUsageStore(directory.resolve(FILE), mapper);
        store.load();
        return store;
    }

    /**
     * The file the usage is saved in.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    @Override
    public String kind() {
        return "disk";
    }

    @Override
    public LocalQuotaCounter quotas() {
        return state.quotas();
    }

    @Override
    public void add(Map<UsageKey, Usage> deltas) throws IOException {
        saving.lock();
        try {
            long changes = state.quotas().changes();
            if (deltas.isEmpty() && changes == savedChanges) {
                return;
            }
            Map<UsageKey, Usage> next = new HashMap<>(state.totals());
            deltas.forEach((key, usage) -> next.merge(key, usage, Usage::plus));
            save(next, state.quotas().snapshot());
            state.add(deltas);
            savedChanges = changes;
        } finally {
            saving.unlock();
        }
    }

    @Override
    public Map<UsageKey, Usage> totals() {
        return state.totals();
    }

    @Override
    public void close() {
    }

    private void save(Map<UsageKey, Usage> totals, List<WindowCount> windows) throws IOException {
        List<Row> rows = new ArrayList<>();
        totals.forEach((key, usage) -> rows.add(new Row(key.key(), key.provider(), usage.characters(),
                                                        usage.audioMillis(), usage.requests(), usage.cacheHits())));
        byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Content(VERSION, rows, windows));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                    StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void load() throws IOException {
        Files.deleteIfExists(temporary); // a save cut short; the file itself is whole
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        Content content;
        try {
            content = mapper.readerFor(Content.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(bytes);
            if (content == null || content.version() != VERSION || content.usage() == null) {
                throw new IOException("not a version " + VERSION + " usage file");
            }
        } catch (IOException e) { // Jackson's parse errors are IOExceptions too
            Path aside = file.resolveSibling(FILE + ".unreadable-" + System.currentTimeMillis());
            Files.move(file, aside);
            LOGGER.warning(() -> "Usage file " + file + " cannot be read (" + e.getMessage() + "); moved to " + aside
                    + ", usage is counted from zero");
            return;
        }
        Map<UsageKey, Usage> totals = new HashMap<>();
        for (Row row : content.usage()) {
            totals.merge(new UsageKey(row.key(), row.provider()),
                         new Usage(row.characters(), row.audioMillis(), row.requests(), row.cacheHits()), Usage::plus);
        }
        state.add(totals);
        if (content.windows() != null) {
            state.quotas().restore(content.windows());
        }
        savedChanges = state.quotas().changes();
    }
}
