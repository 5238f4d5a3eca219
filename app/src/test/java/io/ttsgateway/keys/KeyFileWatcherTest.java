package io.ttsgateway.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.LogCapture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The key file is reloaded when it changes; a bad or missing version keeps the keys in force and
 * is warned about once.
 */
class KeyFileWatcherTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String LOGGER = KeyFileWatcher.class.getName();

    private final KeyFile reader = new KeyFile(new ObjectMapper(), Set.of("tone"));

    @TempDir
    private Path dir;

    @Test
    void changesAreInForceWithoutARestartAndABadVersionKeepsTheKeys() throws Exception {
        Path file = dir.resolve("keys.yaml");
        write(file, "alpha", "sk-alpha");
        KeyStore store = new KeyStore(List.of(), true);
        try (LogCapture warnings = LogCapture.of(LOGGER, Level.WARNING);
             KeyFileWatcher watcher = KeyFileWatcher.start(file, reader, store, Duration.ofMillis(10))) {
            assertThat(store.find("sk-alpha").isPresent(), is(true));

            write(file, "beta-is-longer", "sk-beta"); // a new key, and alpha revoked
            await(() -> watcher.reloads() == 1);
            assertThat(store.find("sk-alpha").isPresent(), is(false));
            assertThat(store.find("sk-beta").isPresent(), is(true));

            Files.writeString(file, "keys: [sk-never-logged");
            await(() -> watcher.rejected() == 1);
            long seen = watcher.checks();
            await(() -> watcher.checks() > seen + 5); // the same bad version, looked at again and again
            assertThat(store.find("sk-beta").isPresent(), is(true));
            assertThat(warnings.lines().size(), is(1));

            Files.delete(file);
            await(() -> watcher.rejected() == 2);
            assertThat(store.find("sk-beta").isPresent(), is(true));

            write(file, "gamma", "sk-gamma");
            await(() -> watcher.reloads() == 2);
            assertThat(store.find("sk-gamma").isPresent(), is(true));
            assertThat(store.find("sk-beta").isPresent(), is(false));
            assertThat(warnings.lines().size(), is(2));
            String logged = warnings.lines().toString();
            assertThat(logged, containsString("is not valid YAML"));
            assertThat(logged, containsString("is missing"));
            assertThat(logged, not(containsString("sk-")));
        }
    }

    private static void write(Path file, String name, String key) throws Exception {
        Files.writeString(file, "keys:\n  - name: " + name + "\n    sha256: \"" + KeyHash.hex(key) + "\"\n");
    }

    /** Polls a condition the watcher's thread makes true, within a bound. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + BOUND);
            }
            Thread.sleep(5);
        }
    }
}
