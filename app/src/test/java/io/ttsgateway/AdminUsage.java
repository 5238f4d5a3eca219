package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code GET /api/v1/admin/usage} over a real socket.
 */
final class AdminUsage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AdminUsage() {
    }

    /**
     * The endpoint's answer.
     *
     * @param port   the gateway's port
     * @param bearer the key sent as {@code Authorization: Bearer}, or {@code null} for none
     */
    static HttpResponse<String> get(int port, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                                                                + "/api/v1/admin/usage"))
                .timeout(BOUND);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Polls the endpoint until a key's row at a provider counts at least some requests (recorded
     * before a request's {@code done} is sent; a shared store is written behind), within a bound.
     *
     * @return the row
     */
    static JsonNode awaitRow(int port, String admin, String key, String provider, long requests)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            HttpResponse<String> response = get(port, admin);
            if (response.statusCode() != 200) {
                throw new AssertionError("admin usage answered " + response.statusCode() + ": " + response.body());
            }
            for (JsonNode row : MAPPER.readTree(response.body()).path("usage")) {
                if (row.path("key").asText().equals(key) && row.path("provider").asText().equals(provider)
                        && row.path("requests").asLong() >= requests) {
                    return row;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no usage of " + requests + " requests for " + key + " at " + provider
                                                 + " within " + BOUND + ": " + response.body());
            }
            Thread.sleep(10);
        }
    }
}
