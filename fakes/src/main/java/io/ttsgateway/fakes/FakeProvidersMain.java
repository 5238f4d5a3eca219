package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the five fakes as one process, for benchmarks: each answers with a fixed time to first
 * byte, so what a client measures above it is the gateway's (and the fake's) own cost.
 *
 * <p>Usage: {@code FakeProvidersMain <api-key> [first-byte-ms] [chunk-interval-ms] [chunks] [chunk-ms]}
 * (chunks per request and audio per chunk default to {@link FakeBehavior}'s: 5 of 100 ms; a chunk interval
 * equal to the chunk's audio is real-time pace). Prints one line
 * {@code <provider> <base-url>} per fake, and {@code standin <base-url>} for {@link OpenAiStandIn} at the same pace,
 * then runs until killed. With {@code FAKES_FAIL_EVERY=<provider>:<Failure>}
 * in the environment (e.g. {@code openai:STALL_BEFORE_AUDIO}), that fake fails every request that way.
 */
public final class FakeProvidersMain {

    private FakeProvidersMain() {
    }

    /**
     * Starts the fakes.
     *
     * @param args key, first-byte delay in ms (default 100), chunk interval in ms (default 20), chunks per
     *             request, audio per chunk in ms
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: FakeProvidersMain <api-key> [first-byte-ms] [chunk-interval-ms] [chunks] [chunk-ms]");
            System.exit(2);
        }
        String key = args[0];
        Duration firstByte = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);
        Duration interval = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 20);
        int chunks = args.length > 3 ? Integer.parseInt(args[3]) : FakeBehavior.DEFAULT_CHUNKS;
        int chunkMillis = args.length > 4 ? Integer.parseInt(args[4]) : FakeBehavior.DEFAULT_CHUNK_MILLIS;
        FakeBehavior pace = new FakeBehavior().firstChunkDelay(firstByte).chunkInterval(interval).chunks(chunks)
                .chunkMillis(chunkMillis);
        OpenAiStandIn standIn = OpenAiStandIn.start(key, pace);
        System.out.println("standin " + standIn.baseUrl());
        Map<String, FakeProvider> fakes = new LinkedHashMap<>();
        fakes.put("elevenlabs", FakeElevenLabs.start(key));
        fakes.put("openai", FakeOpenAi.start(key));
        fakes.put("deepgram", FakeDeepgram.start(key));
        fakes.put("cartesia", FakeCartesia.start(key));
        fakes.put("uplift", FakeUplift.start(key));
        fakes.forEach((name, fake) -> {
            fake.behavior().firstChunkDelay(firstByte).chunkInterval(interval).chunks(chunks).chunkMillis(chunkMillis);
            System.out.println(name + " " + fake.baseUrl());
        });
        String failEvery = System.getenv().getOrDefault("FAKES_FAIL_EVERY", "");
        if (!failEvery.isBlank()) {
            String[] parts = failEvery.split(":", 2);
            FakeProvider failing = fakes.get(parts[0]);
            if (failing == null || parts.length < 2) {
                System.err.println("FAKES_FAIL_EVERY must be <provider>:<failure>, e.g. openai:STALL_BEFORE_AUDIO");
                System.exit(2);
            }
            failing.behavior().failEvery(FakeBehavior.Failure.valueOf(parts[1]));
        }
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            fakes.values().forEach(FakeProvider::close);
        }));
        new CountDownLatch(1).await();
    }
}
