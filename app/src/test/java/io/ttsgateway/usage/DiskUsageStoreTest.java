package io.ttsgateway.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.quota.Quota;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Usage totals and quota windows on disk outlive the store; a cut-short save and an unreadable
 * file never cost more than the file they replaced.
 */
class DiskUsageStoreTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UsageKey ACME_TONE = new UsageKey("acme", "tone");
    private static final Quota TEN_PER_MINUTE = new Quota(OptionalLong.of(10), OptionalLong.empty(),
                                                          OptionalInt.empty());

    @TempDir
    private Path cache;

    @Test
    void totalsAndWindowsSurviveReopening() throws Exception {
        Instant now = Instant.now();
        DiskUsageStore first = DiskUsageStore.open(cache, MAPPER);
        first.add(Map.of(ACME_TONE, new Usage(12, 3400, 2, 1)));
        first.add(Map.of(ACME_TONE, new Usage(3, 600, 1, 0), new UsageKey("acme", "openai"), new Usage(5, 1, 1, 0)));
        assertThat(first.quotas().charge("acme", 8, TEN_PER_MINUTE, now).allowed(), is(true));
        first.add(Map.of()); // saves the window
        first.close();

        DiskUsageStore second = DiskUsageStore.open(cache, MAPPER);
        assertThat(second.totals().get(ACME_TONE), is(new Usage(15, 4000, 3, 1)));
        assertThat(second.totals().get(new UsageKey("acme", "openai")), is(new Usage(5, 1, 1, 0)));
        assertThat("8 of 10 used this minute", second.quotas().charge("acme", 3, TEN_PER_MINUTE, now).allowed(),
                   is(false));
    }

    @Test
    void aSaveCutShortLeavesTheLastWholeFile() throws Exception {
        DiskUsageStore first = DiskUsageStore.open(cache, MAPPER);
        first.add(Map.of(ACME_TONE, new Usage(1, 2, 3, 0)));
        Path temporary = first.file().resolveSibling(DiskUsageStore.FILE + ".tmp");
        Files.writeString(temporary, "{\"version\": 1, \"usage\": [{\"key\": \"acme\""); // a crash mid-write

        DiskUsageStore second = DiskUsageStore.open(cache, MAPPER);
        assertThat(second.totals(), is(Map.of(ACME_TONE, new Usage(1, 2, 3, 0))));
        assertThat(Files.exists(temporary), is(false));
    }

    @Test
    void anUnreadableFileIsMovedAsideAndCountingStartsOver() throws Exception {
        Path directory = cache.resolve(DiskUsageStore.DIRECTORY);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(DiskUsageStore.FILE), "not json");

        DiskUsageStore store = DiskUsageStore.open(cache, MAPPER);
        assertThat(store.totals(), is(Map.of()));
        store.add(Map.of(ACME_TONE, new Usage(1, 0, 1, 0)));
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> !name.equals(DiskUsageStore.FILE))
                               .findFirst().orElse(""), startsWith(DiskUsageStore.FILE + ".unreadable-"));
        }
    }
}
