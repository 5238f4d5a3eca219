package io.ttsgateway.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Serves the playground: {@code GET /} is the page, beside it its script, style sheet and the
 * JavaScript client it uses ({@value #CLIENT_PATH}). Only these four paths exist; anything else is
 * left to the routing's 404.
 *
 * <p>The files are plain (no build step) and live in {@code web/} on the class path (the client is
 * copied there from {@code clients/js/src} by the Maven build); they are read once, when the
 * service is created, so a packaging error shows at start-up and not on first use.
 */
public final class PlaygroundPage implements HttpService {

    /** Path of the page. */
    public static final String PATH = "/";

    /** Path of the JavaScript client, for the playground and any page of the same origin. */
    public static final String CLIENT_PATH = "/client/tts-gateway.js";

    private static final String UTF_8 = "; charset=UTF-8";

    private final StaticResource page = StaticResource.load("index.html", "text/html" + UTF_8);
    private final StaticResource script = StaticResource.load("playground.js", "text/javascript" + UTF_8);
    private final StaticResource style = StaticResource.load("playground.css", "text/css" + UTF_8);
    /** The JavaScript client, clients/js/src/index.js, copied into the jar by the build. */
    private final StaticResource client = StaticResource.load("client/index.js", "text/javascript" + UTF_8);

    /**
     * Reads the playground's files from the class path.
     *
     * @throws IllegalStateException when a file is missing
     */
    public PlaygroundPage() {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, page::send)
                .get("/playground.js", script::send)
                .get("/playground.css", style::send)
                .get(CLIENT_PATH, client::send);
    }
}
