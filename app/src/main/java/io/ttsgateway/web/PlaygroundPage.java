package io.ttsgateway.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Serves the playground: {@code GET /} is the page, beside it its script and style sheet. Only these
 * three paths exist; anything else is left to the routing's 404.
 *
 * <p>The files are plain (no build step) and live in {@code web/} on the class path; they are read
 * once, when the service is created, so a packaging error shows at start-up and not on first use.
 */
public final class PlaygroundPage implements HttpService {

    /** Path of the page. */
    public static final String PATH = "/";

    private static final String UTF_8 = "; charset=UTF-8";

    private final StaticResource page = StaticResource.load("index.html", "text/html" + UTF_8);
    private final StaticResource script = StaticResource.load("playground.js", "text/javascript" + UTF_8);
    private final StaticResource style = StaticResource.load("playground.css", "text/css" + UTF_8);

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
                .get("/playground.css", style::send);
    }
}
