package io.ttsgateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.ttsgateway.config.ConfigurationException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} as an operator sets it: the gateway starts as {@link Main}
 * does, and its request spans reach an OTLP/HTTP collector (a stand-in that keeps what it is sent)
 * under {@code OTEL_SERVICE_NAME}, at the latest when the gateway stops.
 */
class TracingExportTest {

    private static final String TEXT = "Exported spans carry no words of this.";

    @Test
    void spansGoToTheOtlpEndpointUnderTheServiceName() throws Exception {
        BlockingQueue<Export> exports = new LinkedBlockingQueue<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> exports.add(Export.of(exchange)));
        collector.start();
        try {
            Main.Launch launch = Main.start(Map.of(
                    "PORT", "0", "TTS_PROVIDER", "tone", "MARYTTS_ENABLED", "false",
                    "CACHE_DIR", Files.createTempDirectory("tts-otlp").toString(),
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "OTEL_SERVICE_NAME", "tts-export-test"));
            try (TestClient client = TestClient.connect(launch.server().port())) {
                assertThat(client.synthesize("x1", TEXT).response("x1").status(), is("completed"));
            } finally {
                launch.stop(); // sends the spans still in the batch
            }
            Export export = exports.poll(10, TimeUnit.SECONDS);
            assertThat("an export within 10 s", export, notNullValue());
            assertThat(export.contentType(), is("application/x-protobuf"));
            assertThat(export.body(), containsString("tts.synthesize"));
            assertThat(export.body(), containsString("tts-export-test"));
            assertThat(export.body(), containsString("x1"));
            assertThat(export.body(), not(containsString("Exported")));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void grpcIsRefusedAtStartNamingTheEndpoint() {
        // The SDK reads its own settings from system properties as from the environment.
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        try {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> TestGateways.create(Map.of(
                    "TTS_PROVIDER", "tone", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")));
            assertThat(e.getMessage(), containsString("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317"));
        } finally {
            System.clearProperty("otel.exporter.otlp.protocol");
        }
    }

    /** One export request as the collector saw it; the protobuf's strings are plain UTF-8 in it. */
    private record Export(String contentType, String body) {
        static Export of(HttpExchange exchange) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                Export export = new Export(exchange.getRequestHeaders().getFirst("Content-Type"),
                                           new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                exchange.sendResponseHeaders(200, -1);
                return export;
            } finally {
                exchange.close();
            }
        }
    }
}
