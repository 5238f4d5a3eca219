package io.ttsgateway.session.admission;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import io.ttsgateway.session.frames.CheckedUpgrader;

/**
 * Which web pages may open the socket ({@code ALLOWED_ORIGINS}): a browser sends the page's origin
 * with the upgrade, and one not allowed is refused with 403 before any socket opens, whatever key it
 * brings. Clients that send no {@code Origin} (servers, SDKs, command-line tools) are not browsers
 * and are let through. With no list, only pages of the gateway's own host are (Helidon's default, so
 * that no page elsewhere can use a gateway reachable from its visitors' browsers); {@value #ANY}: any.
 */
public final class OriginPolicy {

    /** The list that lets every origin in. */
    public static final String ANY = "*";

    private final Set<String> allowed;

    /**
     * @param allowed origins as browsers send them ({@code https://app.example.com}); empty: the
     *                gateway's own host only; {@value #ANY}: any
     */
    public OriginPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * Checks an upgrade's origin.
     *
     * @param headers the upgrade request's headers
     * @throws RequestException 403 for an origin not on the list
     */
    public void check(Headers headers) {
        Optional<String> origin = headers.first(HeaderNames.ORIGIN).or(() -> headers.first(CheckedUpgrader.ORIGIN));
        if (origin.isEmpty() || allowed.contains(ANY) || allowed.contains(origin.get())
                || allowed.isEmpty() && sameHost(origin.get(), headers)) {
            return;
        }
        throw RequestException.builder()
                .type(DirectHandler.EventType.FORBIDDEN)
                .status(Status.FORBIDDEN_403)
                .message("origin not allowed")
                .build();
    }

    /** Whether the origin's host and port are the request's {@code Host}, as Helidon compares them. */
    private static boolean sameHost(String origin, Headers headers) {
        try {
            String authority = URI.create(origin).getAuthority();
            return authority != null && headers.first(HeaderNames.HOST).map(authority::equalsIgnoreCase).orElse(false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
