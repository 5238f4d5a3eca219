package io.ttsgateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.quota.QuotaDecision;
import io.ttsgateway.quota.QuotaWindow;
import io.ttsgateway.quota.SessionCounts;
import io.ttsgateway.usage.RequestMeter;
import io.ttsgateway.usage.UsageLedger;

/**
 * What one client (a WebSocket connection, an HTTP request) may do under the key it presented:
 * each check reads the key as it is now, so a revoked key is refused and changed limits apply at
 * once, even on a connection opened before. Any thread.
 */
public final class ClientGrant {

    /**
     * What grants check against, shared by all of them.
     *
     * @param store    the keys in force
     * @param sessions sessions open per key
     * @param ledger   usage, with the quota windows
     * @param clock    the time of requests, for the quota windows
     */
    record Parts(KeyStore store, SessionCounts sessions, UsageLedger ledger, Clock clock) {
    }

    private final ClientKey key;
    private final boolean anonymous;
    private final Parts parts;

    ClientGrant(ClientKey key, boolean anonymous, Parts parts) {
        this.key = key;
        this.anonymous = anonymous;
        this.parts = parts;
    }

    /**
     * The key's name.
     *
     * @return the name (never the key)
     */
    public String name() {
        return key.name();
    }

    /**
     * Checks that the key is in force and may use a provider and a format.
     *
     * @param provider the provider asked for
     * @param format   the format asked for
     * @throws KeyRefusal when revoked, or the provider or format is not among the key's
     */
    public void permit(String provider, String format) throws KeyRefusal {
        ClientKey now = current();
        if (!now.allowsProvider(provider)) {
            throw refuse(KeyRefusal.Reason.PROVIDER, "key '" + name() + "' may not use provider '" + provider
                    + "'; it may use " + sorted(now.providers()), null, false);
        }
        if (!now.allowsFormat(format)) {
            throw refuse(KeyRefusal.Reason.FORMAT, "key '" + name() + "' may not ask for format '" + format
                    + "'; it may ask for " + sorted(now.formats()), null, false);
        }
    }

    /**
     * Opens a session of the key: a WebSocket connection, or an HTTP request while it runs.
     *
     * @return the lease, to close when the session ends
     * @throws KeyRefusal when revoked, or the key has its sessions open
     */
    public SessionCounts.Lease openSession() throws KeyRefusal {
        ClientKey now = current();
        SessionCounts.Lease lease = parts.sessions().open(now.name(), now.quota().sessions());
        if (lease == null) {
            throw refuse(KeyRefusal.Reason.SESSIONS, "key '" + name() + "' has its " + now.quota().sessions().orElse(0)
                    + " sessions open; close one and connect again", null, true);
        }
        return lease;
    }

    /**
     * Charges a new request's characters to the key's quota and starts metering it.
     *
     * @param provider   the provider asked for
     * @param format     the format its audio is counted in
     * @param characters its characters
     * @return the request's meter
     * @throws KeyRefusal when revoked, or over a limit (nothing is charged then)
     */
    public RequestMeter charge(String provider, AudioFormat format, long characters) throws KeyRefusal {
        ClientKey now = current();
        chargeQuota(now, characters);
        RequestMeter meter = new RequestMeter(parts.ledger(), now.name(), provider, format);
        meter.characters(characters);
        return meter;
    }

    /**
     * Charges more characters of a streamed request.
     *
     * @param meter      the request's meter
     * @param characters the characters
     * @throws KeyRefusal when revoked, or over a limit (nothing is charged then)
     */
    public void chargeMore(RequestMeter meter, long characters) throws KeyRefusal {
        chargeQuota(current(), characters);
        meter.characters(characters);
    }

    private ClientKey current() throws KeyRefusal {
        if (anonymous) {
            return key;
        }
        ClientKey now = parts.store().current(key).orElse(null);
        if (now == null) {
            throw refuse(KeyRefusal.Reason.REVOKED, "the key was revoked", null, false);
        }
        return now;
    }

    private void chargeQuota(ClientKey now, long characters) throws KeyRefusal {
        QuotaDecision decision = parts.ledger().quotas().charge(now.name(), characters, now.quota(),
                                                                parts.clock().instant());
        if (decision.allowed()) {
            return;
        }
        QuotaWindow window = decision.refusedBy();
        KeyRefusal.Reason reason = window == QuotaWindow.MINUTE ? KeyRefusal.Reason.CHARACTERS_PER_MINUTE
                : KeyRefusal.Reason.CHARACTERS_PER_DAY;
        String limit = decision.limit() + " " + window.description();
        Duration wait = decision.retryAfter();
        if (wait == null) {
            throw refuse(reason, "a request of " + characters + " characters is more than the whole " + limit
                    + " of key '" + name() + "'", null, false);
        }
        throw refuse(reason, "key '" + name() + "' has used its " + limit + "; retry in "
                + Math.max(1, (wait.toMillis() + 999) / 1000) + " s", wait, true);
    }

    private KeyRefusal refuse(KeyRefusal.Reason reason, String message, Duration retryAfter, boolean retryable) {
        parts.ledger().metrics().refused(name(), reason.id());
        return new KeyRefusal(reason, message, retryAfter, retryable);
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }
}
