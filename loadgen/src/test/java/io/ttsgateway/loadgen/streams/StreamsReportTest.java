package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamsReportTest {

    private static final long MS = 1_000_000;
    private static final long START = 5_000 * MS;

    @Test
    void stuttersAreCountedByWhenTheAudioRanDryFromTheStart() {
        StreamsSummary summary = summary(
                result(START + 1_300 * MS, START + 2_900 * MS),
                result(START + 1_449 * MS),
                result(),
                result(START + 1_250 * MS));
        assertEquals(new TreeMap<>(Map.of(1_250L, 3L, 2_750L, 1L)), summary.stuttersOverTime(250));
        String text = StreamsReport.text(summary);
        assertTrue(text.contains("stutters by when the audio ran dry, from the start: 1.25-1.50 s: 3, 2.75-3.00 s: 1"),
                text);
        String json = StreamsReport.json(summary);
        assertTrue(json.contains("\"stuttersOverTime\":{\"1250\":3,\"2750\":1}"), json);
        assertTrue(json.contains("\"startEpochMs\":1765000000000"), json);
    }

    @Test
    void howBusyTheCoresWereIsGivenBinByBin() {
        StreamsSummary summary = summary(result());
        assertTrue(StreamsReport.text(summary).contains("cores busy (this process and the watched ones, of 2) per 250 ms"
                + " from the start: 40 97 99 60 %"), StreamsReport.text(summary));
        String json = StreamsReport.json(summary);
        assertTrue(json.contains("\"cores\":2,\"coresBusiestPercent\":99,\"coresBusyOverTime\":[40,97,99,60]"), json);
    }

    @Test
    void theBusiestBinIsAWholeOne() {
        assertEquals(97, new CoreUse(2, List.of(40, 97, 104)).busiest(), "the last bin is shorter and rougher");
        assertEquals(0, new CoreUse(2, List.of(80)).busiest());
    }

    @Test
    void aRunWithoutStuttersHasNoLineForThem() {
        StreamsSummary summary = summary(result(), result());
        assertFalse(StreamsReport.text(summary).contains("ran dry"));
        assertTrue(StreamsReport.json(summary).contains("\"stuttersOverTime\":{}"));
    }

    private static StreamsSummary summary(StreamResult... results) {
        StreamsOptions options = StreamsOptions.parse("--url", "http://127.0.0.1:9/v1", "--streams",
                String.valueOf(results.length));
        return new StreamsSummary(options, List.of(results), START, 1_765_000_000_000L, 3_000 * MS, 10 * MS,
                List.of(), Duration.ZERO, new CoreUse(2, List.of(40, 97, 99, 60)));
    }

    private static StreamResult result(Long... dryAt) {
        return new StreamResult(null, 150 * MS, 3_200 * MS, 144_000, List.of(dryAt), dryAt.length * 20 * MS);
    }
}
