package io.ttsgateway.web;

import java.security.MessageDigest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.ttsgateway.keys.KeyHash;
import io.ttsgateway.usage.UsageLedger;
import io.ttsgateway.usage.UsageReport;

/**
 * {@code GET /api/v1/admin/usage}: usage totals per key and provider, for whoever holds the admin
 * key ({@code Authorization: Bearer <admin key>}; anything else gets 401). It is registered only
 * when an admin key is set: without one the path does not exist (404), so it cannot be probed.
 * {@code ?key=<name>} narrows it to one key. Keys appear by name only.
 */
public final class UsageEndpoint implements HttpService {

    /** Path of the endpoint. */
    public static final String PATH = "/api/v1/admin/usage";

    private static final String BEARER = "Bearer ";

    private final UsageLedger ledger;
    private final byte[] adminKeyHash;
    private final ObjectMapper mapper;

    /**
     * Creates the endpoint.
     *
     * @param ledger   the usage
     * @param adminKey the admin key
     * @param mapper   JSON mapper
     */
    public UsageEndpoint(UsageLedger ledger, String adminKey, ObjectMapper mapper) {
        this.ledger = ledger;
        this.adminKeyHash = KeyHash.digest(adminKey);
        this.mapper = mapper;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::usage);
    }

    private void usage(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        String presented = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.startsWith(BEARER))
                .map(value -> value.substring(BEARER.length()).trim())
                .orElse("");
        // Hashes of equal length, compared in constant time: timing tells nothing of the admin key.
        if (!MessageDigest.isEqual(adminKeyHash, KeyHash.digest(presented))) {
            res.status(Status.UNAUTHORIZED_401);
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            ObjectNode body = mapper.createObjectNode();
            body.putObject("error").put("code", "unauthorized")
                    .put("message", "the admin key is required: Authorization: Bearer <GATEWAY_ADMIN_KEY>");
            res.send(mapper.writeValueAsBytes(body));
            return;
        }
        String only = req.query().first("key").orElse(null);
        UsageReport report = ledger.report();
        ObjectNode body = mapper.createObjectNode().put("store", report.store()).put("complete", report.complete());
        ArrayNode rows = body.putArray("usage");
        report.totals().forEach((key, usage) -> {
            if (only == null || only.equals(key.key())) {
                rows.addObject().put("key", key.key()).put("provider", key.provider())
                        .put("characters", usage.characters()).put("audioSeconds", usage.audioSeconds())
                        .put("requests", usage.requests()).put("cacheHits", usage.cacheHits());
            }
        });
        res.send(mapper.writeValueAsBytes(body));
    }
}
