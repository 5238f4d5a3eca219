package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeProvider;
import io.ttsgateway.keys.KeyHash;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.web.PlaygroundPage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The JavaScript client ({@code clients/js}) in Node against this gateway ({@code e2e/client.mjs}):
 * speak, word timings (cartesia on its fake), streaming input, cancel, typed errors, client keys,
 * reconnecting through a proxy whose connections the script cuts. Default provider: the slow tone,
 * so a long text is still streaming when the script cancels or cuts it. Beside that, the file the
 * gateway serves to its playground is the client's source, and the types name every error code.
 */
@ServerTest
class JsClientTest {

    private static final String CLIENT_KEY = "js-client-key-51c2";
    /** A key file's key allowed 20 characters a day (a minute could roll over mid-test): {@code quota_exceeded}. */
    private static final String QUOTA_KEY = "js-quota-key-7d0e";
    private static final String PROVIDER_KEY = "sk-cartesia-js-test";
    private static final Path SOURCE = Path.of("..", "clients", "js", "src", "index.js");
    private static final Path TYPES = SOURCE.resolveSibling("index.d.ts");

    private static FakeProvider cartesia;
    private static Gateway gateway;
    private final URI uri;

    JsClientTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) throws IOException {
        cartesia = FakeCartesia.start(PROVIDER_KEY);
        Path keys = Files.writeString(Files.createTempDirectory("tts-js-keys").resolve("keys.yaml"),
                                      "keys:\n  - name: js-quota\n    sha256: \"" + KeyHash.hex(QUOTA_KEY)
                                              + "\"\n    charactersPerDay: 20\n");
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "GATEWAY_API_KEYS", CLIENT_KEY,
                                                                "GATEWAY_KEYS_FILE", keys.toString(),
                                                                "CARTESIA_API_KEY", PROVIDER_KEY,
                                                                "CARTESIA_BASE_URL", cartesia.baseUrl()));
    }

    @AfterAll
    static void close() {
        gateway.close();
        cartesia.close();
    }

    @Test
    void clientWorksInNodeAgainstTheGateway() throws Exception {
        String url = "ws://localhost:" + uri.getPort() + "/api/v1/ws";

        NodeScript.Result result = NodeScript.run("client.mjs", url, CLIENT_KEY, QUOTA_KEY);

        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("# fail 0"));
    }

    @Test
    void gatewayServesTheClientFromItsSource() throws Exception {
        HttpResponse<byte[]> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(uri.resolve(PlaygroundPage.CLIENT_PATH))
                                         .timeout(Duration.ofSeconds(10)).build(),
                                 HttpResponse.BodyHandlers.ofByteArray());
        }

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), is("text/javascript; charset=UTF-8"));
        assertThat("the same file, copied by the build", response.body(), is(Files.readAllBytes(SOURCE)));
    }

    @Test
    void typesListEveryErrorCodeOfTheProtocol() throws IOException {
        String types = Files.readString(TYPES);
        Matcher union = Pattern.compile("export type ProtocolErrorCode =([^;]*);").matcher(types);
        assertThat("index.d.ts declares ProtocolErrorCode", union.find(), is(true));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.name(), union.group(1), containsString("'" + code.wireName() + "'"));
        }
    }
}
