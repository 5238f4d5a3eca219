package io.ttsgateway.loadgen.profile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrBreakdownTest {

    @TempDir
    Path dir;

    @Test
    void chargesSamplesToThePartOfTheGatewayThatRan() throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            long sum = 0;
            long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
            while (System.nanoTime() < until) {
                sum += spin(sum); // a method of io.ttsgateway.loadgen: "gateway, other"
            }
            recording.stop();
            recording.dump(file);
            assertTrue(sum != 42);
        }

        JfrBreakdown breakdown = JfrBreakdown.of(file, null);

        assertTrue(breakdown.roles().getOrDefault(StackRole.GATEWAY_OTHER, 0) > 0, breakdown.roles().toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        breakdown.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("gateway, other"));
    }

    @Test
    void leavesOutWhatCameBeforeTheMeasuredRound() throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            long until = System.nanoTime() + Duration.ofMillis(200).toNanos();
            long sum = 0;
            while (System.nanoTime() < until) {
                sum += spin(sum);
            }
            recording.stop();
            recording.dump(file);
            assertTrue(sum != 42);
        }
        assertTrue(Files.size(file) > 0);

        assertEquals(0, JfrBreakdown.of(file, Instant.now().plusSeconds(60)).roles().size());
    }

    private static long spin(long seed) {
        long x = seed | 1;
        for (int i = 0; i < 10_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 1;
    }
}
