package io.ttsgateway.session.admission;

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
 * with the upgrade, and one not on the list is refused with 403 before any socket opens, whatever
 * key it brings. Clients that send no {@code Origin} (servers, SDKs, command-line tools) are not
 * browsers and are let through; with no list, every origin is.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    /**
     * @param allowed origins as browsers send them ({@code https://app.example.com}); empty: any
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
        if (allowed.isEmpty() || origin.isEmpty() || allowed.contains(origin.get())) {
            return;
        }
        throw RequestException.builder()
                .type(DirectHandler.EventType.FORBIDDEN)
                .status(Status.FORBIDDEN_403)
                .message("origin not allowed")
                .build();
    }
}
