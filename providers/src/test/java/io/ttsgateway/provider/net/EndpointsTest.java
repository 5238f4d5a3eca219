package io.ttsgateway.provider.net;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EndpointsTest {

    @Test
    void socketsGetTheMatchingWebSocketScheme() {
        assertThat(Endpoints.webSocket(Endpoints.base("https://api.cartesia.ai/"), "/tts/websocket"),
                   is(URI.create("wss://api.cartesia.ai/tts/websocket")));
        assertThat(Endpoints.webSocket(Endpoints.base("http://127.0.0.1:9000"), "/v1/speak?model=a"),
                   is(URI.create("ws://127.0.0.1:9000/v1/speak?model=a")));
    }

    @Test
    void aPathPrefixIsKept() {
        assertThat(Endpoints.http(Endpoints.base("https://proxy.example/openai/v1"), "/audio/speech"),
                   is(URI.create("https://proxy.example/openai/v1/audio/speech")));
        assertThat(Endpoints.http(Endpoints.base("wss://api.example"), "/x"), is(URI.create("https://api.example/x")));
    }

    @Test
    void somethingThatIsNotAUrlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Endpoints.base("api.deepgram.com"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.base("ftp://x.example"));
    }
}
