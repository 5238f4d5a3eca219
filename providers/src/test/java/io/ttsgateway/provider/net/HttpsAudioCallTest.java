package io.ttsgateway.provider.net;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link HttpAudioCall} over https against a local server whose self-signed certificate (for 127.0.0.1,
 * in {@code tls/provider-test.p12}) only a test trust knows: real providers are https.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsAudioCallTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final byte[] AUDIO = new byte[4800];
    private static final AudioFormat PCM = AudioFormat.pcm(24_000);

    private final AtomicInteger requests = new AtomicInteger();
    private KeyStore keys;
    private HttpsServer server;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < AUDIO.length; i++) {
            AUDIO[i] = (byte) i;
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = getClass().getResourceAsStream("/tls/provider-test.p12")) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/v1/audio/speech", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked, as providers stream
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < AUDIO.length; i += 960) {
                    out.write(AUDIO, i, 960);
                    out.flush();
                }
            }
        });
        server.start();
        uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/audio/speech");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private byte[] readAll(ProviderHttp http) throws Exception {
        HttpAudioCall.Vendor vendor = new HttpAudioCall.Vendor("fake", http.audio(), ProviderTimeouts.DEFAULT,
                                                               (status, body) -> new ProviderException(
                                                                       ProviderErrorKind.AUTH_FAILED, "refused"));
        CountDownLatch ended = new CountDownLatch(1);
        HttpAudioCall call = new HttpAudioCall(vendor, HttpAudioCall.post(vendor, uri, Map.of("Authorization", "Bearer k"),
                                                                          "{}"), PCM, new RawAudio(), done -> ended.countDown());
        try (AudioStream stream = call.start().stream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.write(chunk);
            }
            return out.toByteArray();
        } finally {
            assertThat("the call's thread ended", ended.await(10, TimeUnit.SECONDS), is(true));
        }
    }

    @Test
    void streamsOverTlsWithATrustedCertificate() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext trusted = SSLContext.getInstance("TLS");
        trusted.init(null, trust.getTrustManagers(), null);
        try (ProviderHttp http = new ProviderHttp("fake", Duration.ofSeconds(5), trusted)) {
            assertArrayEquals(AUDIO, readAll(http));
            assertArrayEquals(AUDIO, readAll(http));
        }
        assertThat(requests.get(), is(2));
    }

    @Test
    void theDefaultTrustRefusesAnUnknownCertificate() {
        try (ProviderHttp http = new ProviderHttp("fake", Duration.ofSeconds(5))) {
            ProviderException error = assertThrows(ProviderException.class, () -> readAll(http));

            assertThat(error.kind(), is(ProviderErrorKind.UNAVAILABLE));
            assertThat(error.getMessage(), containsString("TLS"));
        }
        assertThat(requests.get(), is(0));
    }
}
