package io.ttsgateway.provider.net;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.http1.Http1Client;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HttpAudioCall} against {@link FakeOpenAi} on a real local socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpAudioCallTest {

    private static final String KEY = "sk-test-HttpAudioCall";
    private static final String BODY =
            "{\"model\":\"tts-1\",\"input\":\"Hello.\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AudioFormat PCM = AudioFormat.pcm(FakeOpenAi.SAMPLE_RATE);

    private FakeOpenAi fake;
    private Http1Client client;
    private final AtomicReference<byte[]> errorBody = new AtomicReference<>();
    private final ProviderException refused = new ProviderException(ProviderErrorKind.AUTH_FAILED, "refused");
    private HttpAudioCall.Vendor vendor;

    @BeforeEach
    void start() throws Exception {
        fake = FakeOpenAi.start(KEY);
        fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS).chunkMillis(100);
        client = new Http1Client(WAIT, SSLContext.getDefault().getSocketFactory());
        vendor = new HttpAudioCall.Vendor("fake", client, ProviderTimeouts.DEFAULT, (status, body) -> {
            errorBody.set(body);
            return refused;
        });
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private HttpAudioCall call(String key, CountDownLatch ended) throws ProviderException {
        URI uri = URI.create(fake.baseUrl() + "/audio/speech");
        Map<String, String> headers = Map.of("Authorization", "Bearer " + key);
        return new HttpAudioCall(vendor, HttpAudioCall.post(vendor, uri, headers, BODY), PCM, new RawAudio(),
                                 done -> ended.countDown());
    }

    private static byte[] readAll(AudioStream stream) throws Exception {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.write(chunk);
            }
            return out.toByteArray();
        }
    }

    private static void awaitEnd(CountDownLatch ended) throws InterruptedException {
        assertThat("the call's thread ended", ended.await(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
    }

    @Test
    void streamsTheBodyAndKeepsTheConnectionForTheNextCall() throws Exception {
        byte[] expected = FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, FakeBehavior.DEFAULT_CHUNKS, 100);
        for (int i = 0; i < 2; i++) {
            CountDownLatch ended = new CountDownLatch(1);
            assertArrayEquals(expected, readAll(call(KEY, ended).start().stream()));
            awaitEnd(ended);
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void audioThatCameInTimeIsReadWhenItsReaderComesLate() throws Exception {
        fake.behavior().chunks(3).chunkMillis(100).firstChunkDelay(Duration.ofMillis(1))
                .chunkInterval(Duration.ofMillis(1));
        Duration firstByte = Duration.ofMillis(200);
        HttpAudioCall.Vendor quick = new HttpAudioCall.Vendor("fake", client,
                                                              new ProviderTimeouts(WAIT, firstByte, firstByte),
                                                              vendor.errors());
        HttpAudioCall call = new HttpAudioCall(quick, HttpAudioCall.post(
                quick, URI.create(fake.baseUrl() + "/audio/speech"), Map.of("Authorization", "Bearer " + KEY), BODY),
                PCM, new RawAudio(), done -> { });
        AudioStream stream = call.start().stream();
        fake.events().await("done:", WAIT);

        Thread.sleep(firstByte.toMillis() * 2); // the reader comes late, as to a segment opened ahead

        assertArrayEquals(FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, 3, 100), readAll(stream));
    }

    @Test
    void anErrorStatusGoesThroughTheVendorsTableAndKeepsTheConnection() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        AudioStream stream = call("sk-wrong", ended).start().stream();

        assertThat(assertThrows(ProviderException.class, stream::read), is(sameInstance(refused)));
        assertThat(new String(errorBody.get(), StandardCharsets.UTF_8), containsString("invalid_api_key"));
        awaitEnd(ended);
        assertArrayEquals(FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, FakeBehavior.DEFAULT_CHUNKS, 100),
                          readAll(call(KEY, new CountDownLatch(1)).start().stream()));
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void closingEarlyClosesTheConnection() throws Exception {
        fake.behavior().chunkInterval(Duration.ofHours(1));
        CountDownLatch ended = new CountDownLatch(1);
        AudioStream stream = call(KEY, ended).start().stream();
        assertThat(stream.read(), notNullValue());

        stream.close();

        fake.events().await("cancel:", WAIT);
        awaitEnd(ended);
    }

    @Test
    void abortedBeforeStartSendsNothing() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        HttpAudioCall call = call(KEY, ended);
        ProviderException closed = new ProviderException(ProviderErrorKind.UNAVAILABLE, "closed");

        call.abort(closed);
        call.start();

        assertThat(assertThrows(ProviderException.class, call.stream()::read), is(sameInstance(closed)));
        awaitEnd(ended);
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void resendsOnceWhenThePooledConnectionDiedBeforeAnyResponse() throws Exception {
        readAll(call(KEY, new CountDownLatch(1)).start().stream());
        fake.dropNextRequestBeforeResponse();

        readAll(call(KEY, new CountDownLatch(1)).start().stream());

        fake.events().await("drop-before-response:", WAIT);
        assertThat(fake.events().count("request:"), is(2));
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void aMalformedKeyIsRefusedWithoutQuotingIt() {
        ProviderException error = assertThrows(ProviderException.class, () -> HttpAudioCall.post(
                vendor, URI.create(fake.baseUrl()), Map.of("Authorization", "Bearer sk-secret\r\nX: y"), BODY));

        assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
        assertThat(error.getMessage(), not(containsString("sk-secret")));
    }

    @Test
    void rawAudioHandsOnWholeSamplesOnly() throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        HttpAudioCall.Sink sink = new HttpAudioCall.Sink() {
            @Override
            public AudioFormat format() {
                return PCM;
            }

            @Override
            public boolean push(byte[] chunk) {
                return chunks.add(chunk);
            }

            @Override
            public void align(WordAlignment alignment) {
            }
        };
        RawAudio body = new RawAudio();

        for (byte[] part : new byte[][] {{1, 2, 3}, {4}, {5}, {6, 7}}) {
            assertTrue(body.accept(ByteBuffer.wrap(part), sink));
        }
        body.end(sink);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            assertThat("whole samples: " + Arrays.toString(chunk), chunk.length % 2, is(0));
            all.write(chunk);
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, all.toByteArray());
    }
}
