package io.ttsgateway.provider;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.ttsgateway.cartesia.CartesiaProvider;
import io.ttsgateway.cartesia.CartesiaSettings;
import io.ttsgateway.deepgram.DeepgramProvider;
import io.ttsgateway.deepgram.DeepgramSettings;
import io.ttsgateway.elevenlabs.ElevenLabsProvider;
import io.ttsgateway.elevenlabs.ElevenLabsSettings;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.fakes.FakeProvider;
import io.ttsgateway.provider.net.VoiceCache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The voice lists of the providers with a list API, each against its fake: ids, caching within the
 * TTL, a refresh after it, the stale list when a refresh fails, and failures with nothing cached. The
 * lists' time is the test's own clock: a TTL passes when a test moves it, however loaded the machine.
 */
class VoiceListTest {

    /** The key the fakes accept; shaped like a real one so that a leak would be recognizable. */
    private static final String KEY = "sk_live_3f9a1c7e5b2d4f608a1b2c3d4e5f6a7b";
    private static final String WRONG_KEY = "sk_live_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5),
                                                                           Duration.ofSeconds(10),
                                                                           Duration.ofSeconds(10));
    /** Long enough that two calls in a row fall within it. */
    private static final Duration LONG_TTL = Duration.ofMinutes(10);
    /** Short enough that it also caps the retry delay after a failure: one move of the clock passes both. */
    private static final Duration SHORT_TTL = Duration.ofMillis(100);

    /** Builds a provider against a fake. */
    @FunctionalInterface
    interface Factory {
        TtsProvider create(FakeProvider fake, String key, Duration ttl, LongSupplier clock);
    }

    /** One provider, its fake, the fake's event per list request and the ids it lists. */
    record Case(String name, Function<String, FakeProvider> start, Factory factory, String event, List<String> ids) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** The voice lists' clock, in nanoseconds. */
    private final AtomicLong now = new AtomicLong();

    static Stream<Case> cases() {
        return Stream.of(
                new Case("elevenlabs", FakeElevenLabs::start, (fake, key, ttl, clock) -> new ElevenLabsProvider(
                        new ElevenLabsSettings(key, URI.create(fake.baseUrl()), FakeElevenLabs.VOICE_IDS.get(0),
                                               "eleven_flash_v2_5", 0.5, 0.75, TIMEOUTS), ttl, clock),
                         "list-voices", FakeElevenLabs.VOICE_IDS),
                cartesia("2024-11-13"), cartesia("2025-04-16"), cartesia("2026-03-01"),
                new Case("deepgram", FakeDeepgram::start, (fake, key, ttl, clock) -> new DeepgramProvider(
                        new DeepgramSettings(key, URI.create(fake.baseUrl()), null, TIMEOUTS), ttl, clock),
                         "list-models", FakeDeepgram.TTS_MODELS));
    }

    private static Case cartesia(String version) {
        return new Case("cartesia " + version, FakeCartesia::start, (fake, key, ttl, clock) -> new CartesiaProvider(
                new CartesiaSettings(key, URI.create(fake.baseUrl()), null, null, version, TIMEOUTS), ttl, clock),
                        "list-voices", FakeCartesia.VOICE_IDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void listsTheFakesVoicesAndAsksOnceWithinTheTtl(Case c) throws Exception {
        FakeProvider fake = fake(c);
        TtsProvider provider = provider(c, fake, KEY, LONG_TTL);
        assertEquals(c.ids(), ids(provider.voices()));
        assertEquals(c.ids(), ids(provider.voices()));
        assertEquals(1, fake.events().count(c.event()), fake.events().all().toString());
        assertTrue(provider.voices().stream().allMatch(v -> v.provider().equals(c.name().split(" ")[0])));
        assertTrue(provider.voices().stream().allMatch(v -> !v.languages().isEmpty() && !v.name().isBlank()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void asksAgainAfterTheTtl(Case c) throws Exception {
        FakeProvider fake = fake(c);
        TtsProvider provider = provider(c, fake, KEY, SHORT_TTL);
        provider.voices();
        passes(SHORT_TTL.minusNanos(1));
        provider.voices();
        assertEquals(1, fake.events().count(c.event()), "still within the TTL");
        passes(Duration.ofNanos(1));
        assertEquals(c.ids(), ids(provider.voices()));
        assertEquals(2, fake.events().count(c.event()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aFailedRefreshServesTheStaleListAndLogsOnce(Case c) throws Exception {
        FakeProvider fake = fake(c);
        TtsProvider provider = provider(c, fake, KEY, SHORT_TTL);
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = warningsInto(warnings);
        Logger logger = Logger.getLogger(VoiceCache.class.getName());
        logger.addHandler(capture);
        try {
            List<Voice> first = provider.voices();
            for (int i = 0; i < 2; i++) {
                passes(SHORT_TTL);
                fake.behavior().failNextList(Failure.SERVER_ERROR);
                assertEquals(first, provider.voices());
            }
            assertEquals(2, fake.events().count("list-failure:SERVER_ERROR"));
            assertEquals(1, warnings.size(), "one warning for a run of failures");
            assertFalse(warnings.get(0).getMessage().contains(KEY));
            passes(SHORT_TTL);
            assertEquals(first, provider.voices());
            assertEquals(2, fake.events().count(c.event()));
        } finally {
            logger.removeHandler(capture);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aWrongKeyIsAuthFailedWithoutTheKey(Case c) {
        FakeProvider fake = fake(c);
        TtsProvider provider = provider(c, fake, WRONG_KEY, LONG_TTL);
        ProviderException e = assertThrows(ProviderException.class, provider::voices);
        assertEquals(ProviderErrorKind.AUTH_FAILED, e.kind());
        assertKeyless(e, WRONG_KEY);
        assertEquals(0, fake.events().count(c.event()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void failuresWithNothingCachedAreThrownAndMapped(Case c) {
        FakeProvider fake = fake(c);
        TtsProvider provider = provider(c, fake, KEY, LONG_TTL);
        fake.behavior().failNextList(Failure.SERVER_ERROR);
        ProviderException down = assertThrows(ProviderException.class, provider::voices);
        assertEquals(ProviderErrorKind.UNAVAILABLE, down.kind());
        fake.behavior().failNextList(Failure.RATE_LIMITED);
        assertEquals(ProviderErrorKind.RATE_LIMITED, assertThrows(ProviderException.class, provider::voices).kind());
        fake.behavior().failNextList(Failure.UNAUTHORIZED);
        ProviderException refused = assertThrows(ProviderException.class, provider::voices);
        assertEquals(ProviderErrorKind.AUTH_FAILED, refused.kind());
        assertKeyless(down, KEY);
        assertKeyless(refused, KEY);
    }

    @Test
    void cartesiaWalksEveryPage() throws Exception {
        FakeCartesia fake = FakeCartesia.start(KEY).voicesPageCap(1);
        opened.add(fake);
        TtsProvider provider = new CartesiaProvider(new CartesiaSettings(KEY, URI.create(fake.baseUrl()), null, null,
                                                                         "2025-04-16", TIMEOUTS), LONG_TTL, now::get);
        opened.add(provider);
        assertEquals(FakeCartesia.VOICE_IDS, ids(provider.voices()));
        assertEquals(FakeCartesia.VOICE_IDS.size(), fake.events().count("list-voices"));
    }

    @Test
    void anUnreachableProviderIsUnavailable() throws Exception {
        FakeElevenLabs fake = FakeElevenLabs.start(KEY);
        String base = fake.baseUrl();
        fake.close();
        try (TtsProvider provider = new ElevenLabsProvider(new ElevenLabsSettings(
                KEY, URI.create(base), FakeElevenLabs.VOICE_IDS.get(0), "eleven_flash_v2_5", 0.5, 0.75, TIMEOUTS),
                                                           LONG_TTL, now::get)) {
            ProviderException e = assertThrows(ProviderException.class, provider::voices);
            assertEquals(ProviderErrorKind.UNAVAILABLE, e.kind());
            assertKeyless(e, KEY);
        }
    }

    private FakeProvider fake(Case c) {
        FakeProvider fake = c.start().apply(KEY);
        opened.add(fake);
        return fake;
    }

    private TtsProvider provider(Case c, FakeProvider fake, String key, Duration ttl) {
        TtsProvider provider = c.factory().create(fake, key, ttl, now::get);
        opened.add(provider);
        return provider;
    }

    /** Moves the lists' clock on. */
    private void passes(Duration time) {
        now.addAndGet(time.toNanos());
    }

    private static List<String> ids(List<Voice> voices) {
        return voices.stream().map(Voice::id).toList();
    }

    private static void assertKeyless(Throwable e, String key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(key), "key in " + t);
            assertFalse(t.toString().contains(key), "key in " + t);
        }
    }

    private static Handler warningsInto(List<LogRecord> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
