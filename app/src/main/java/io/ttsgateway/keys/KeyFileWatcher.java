package io.ttsgateway.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reloads the key file when it changes, so keys are added and revoked without a restart: every
 * interval it looks at the file's modification time, size and identity (an editor's or a
 * Kubernetes ConfigMap's replace-by-rename changes the identity), and reads it again when one
 * changed. A file that is missing or not valid keeps the keys loaded before, with one warning per
 * bad version of the file.
 */
public final class KeyFileWatcher implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(KeyFileWatcher.class.getName());

    /** What tells one version of the file from another. */
    private record Stamp(FileTime modified, long size, Object identity) {
    }

    private static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, null);

    private final Path file;
    private final KeyFile reader;
    private final KeyStore store;
    private final ScheduledExecutorService poller;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** The version last looked at, good or bad; poller thread (and the first load). */
    private Stamp seen;

    private KeyFileWatcher(Path file, KeyFile reader, KeyStore store) {
        this.file = file;
        this.reader = reader;
        this.store = store;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                                                                         .name("tts-keys-reload").factory());
    }

    /**
     * Loads the file into the store, then watches it.
     *
     * @param file     the key file
     * @param reader   reads it
     * @param store    where its keys go
     * @param interval how often the file is looked at
     * @return the watcher
     * @throws KeyFileException when the file cannot be used at start
     */
    public static KeyFileWatcher start(Path file, KeyFile reader, KeyStore store, Duration interval)
            throws KeyFileException {
        KeyFileWatcher watcher = new KeyFileWatcher(file, reader, store);
        watcher.seen = watcher.stamp();
        store.replaceFileKeys(reader.read(file));
        long period = Math.max(1, interval.toMillis());
        watcher.poller.scheduleWithFixedDelay(watcher::check, period, period, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /**
     * Times the file was looked at since start.
     *
     * @return the count
     */
    public long checks() {
        return checks.get();
    }

    /**
     * Versions of the file put in force since start.
     *
     * @return the count
     */
    public long reloads() {
        return reloads.get();
    }

    /**
     * Versions of the file refused since start (the keys before stayed in force).
     *
     * @return the count
     */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void check() {
        checks.incrementAndGet();
        try {
            Stamp now = stamp();
            if (now.equals(seen)) {
                return;
            }
            seen = now;
            if (now == MISSING) {
                refuse("is missing");
                return;
            }
            List<ClientKey> keys = reader.read(file);
            int before = store.size();
            store.replaceFileKeys(keys);
            reloads.incrementAndGet();
            LOGGER.info(() -> "Reloaded GATEWAY_KEYS_FILE " + file + ": " + store.size() + " keys in force (" + before
                    + " before)");
        } catch (KeyFileException e) {
            refuse(e.getMessage());
        } catch (RuntimeException e) {
            // The poller must survive anything: a dead poller would freeze the keys silently.
            rejected.incrementAndGet();
            LOGGER.log(Level.WARNING, "Reloading GATEWAY_KEYS_FILE " + file + " failed; the keys stay as they were",
                       e);
        }
    }

    private void refuse(String why) {
        rejected.incrementAndGet();
        LOGGER.warning(() -> "GATEWAY_KEYS_FILE " + file + " " + why + "; the " + store.size()
                + " keys loaded before stay in force until it is fixed");
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(),
                             Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (IOException e) {
            return MISSING;
        }
    }
}
