package io.ttsgateway.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.cache.redis.RedisCounters;
import io.ttsgateway.cache.redis.RedisSettings;
import io.ttsgateway.quota.Quota;
import io.ttsgateway.quota.SessionCounts;
import io.ttsgateway.usage.DiskUsageStore;
import io.ttsgateway.usage.MemoryUsageStore;
import io.ttsgateway.usage.RedisUsageStore;
import io.ttsgateway.usage.UsageLedger;
import io.ttsgateway.usage.UsageMetrics;
import io.ttsgateway.usage.UsageStore;

/**
 * Client keys, their limits and their usage, wired once per gateway: the keys in force (settings
 * and a watched key file), the sessions each has open, and the usage ledger with its store (Redis
 * when the shared cache tier is configured, so replicas share one count; else a file under the cache
 * directory; memory only when the gateway needs no keys). Hands each client a {@link ClientGrant}
 * for the key it presents.
 */
public final class KeyAccess implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(KeyAccess.class.getName());

    private final KeyStore store;
    private final KeyFileWatcher watcher;
    private final UsageLedger ledger;
    private final ClientGrant.Parts parts;
    private final ClientGrant anonymous;

    private KeyAccess(KeyStore store, KeyFileWatcher watcher, UsageLedger ledger) {
        this.store = store;
        this.watcher = watcher;
        this.ledger = ledger;
        this.parts = new ClientGrant.Parts(store, new SessionCounts(), ledger, Clock.systemUTC());
        this.anonymous = new ClientGrant(new ClientKey(ClientKey.ANONYMOUS, "", Quota.NONE, Set.of(), Set.of()), true,
                                         parts);
    }

    /**
     * Loads the keys, starts watching the key file and opens the usage store.
     *
     * @param settings       key file, reload and flush intervals
     * @param apiKeys        the keys of {@code GATEWAY_API_KEYS}
     * @param providers      the providers this gateway offers
     * @param cacheDirectory where the disk store keeps its file
     * @param redis          the shared Redis, when configured
     * @param mapper         JSON mapper
     * @return the access
     * @throws KeyFileException when the key file cannot be used
     * @throws IOException      when the usage file cannot be read or its directory created
     */
    public static KeyAccess open(KeySettings settings, Set<String> apiKeys, Set<String> providers,
                                 Path cacheDirectory, Optional<RedisSettings> redis, ObjectMapper mapper)
            throws KeyFileException, IOException {
        KeyStore store = new KeyStore(apiKeys.stream().map(ClientKey::fromSetting).toList(),
                                      settings.file().isPresent());
        KeyFileWatcher watcher = null;
        if (settings.file().isPresent()) {
            watcher = KeyFileWatcher.start(settings.file().get(), new KeyFile(mapper, providers), store,
                                           settings.reloadInterval());
        }
        UsageStore usage;
        try {
            // Without keys there is nothing to bill: usage of "anonymous" is counted in memory only,
            // and a gateway that needs no keys writes nothing of it.
            usage = !store.enabled() ? new MemoryUsageStore()
                    : redis.isPresent() ? new RedisUsageStore(RedisCounters.open(redis.get(), "usage counting in Redis"))
                    : DiskUsageStore.open(cacheDirectory, mapper);
        } catch (IOException | RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
            throw e;
        }
        LOGGER.info(() -> "Client keys: " + (store.enabled() ? store.size() + " in force" : "none (anyone may connect)")
                + settings.file().map(file -> ", key file " + file + " checked every "
                        + settings.reloadInterval().toMillis() + " ms").orElse("")
                + (store.enabled() ? "; usage store: " + usage.kind() + ", written at most "
                        + settings.usageFlushInterval().toMillis() + " ms after each request"
                        : "; usage counted in memory only"));
        return new KeyAccess(store, watcher, UsageLedger.start(usage, new UsageMetrics(),
                                                               settings.usageFlushInterval()));
    }

    /**
     * Keys of the settings only, with usage in memory: for gateways built without the rest (unit tests).
     *
     * @param apiKeys the keys
     * @return the access
     */
    public static KeyAccess unmetered(Set<String> apiKeys) {
        return new KeyAccess(new KeyStore(apiKeys.stream().map(ClientKey::fromSetting).toList(), false), null,
                             UsageLedger.inMemory());
    }

    /**
     * Whether clients need a key.
     *
     * @return true with keys in the settings or a key file
     */
    public boolean enabled() {
        return store.enabled();
    }

    /**
     * The grant of a client.
     *
     * @param presented the key it presented, if any
     * @return its grant; empty when keys are needed and this one is missing or not in force. Without
     *         keys, every client gets the same grant, counted as {@code anonymous}
     */
    public Optional<ClientGrant> grant(Optional<String> presented) {
        if (!store.enabled()) {
            return Optional.of(anonymous);
        }
        return presented.flatMap(store::find).map(key -> new ClientGrant(key, false, parts));
    }

    /**
     * The usage ledger.
     *
     * @return the ledger
     */
    public UsageLedger usage() {
        return ledger;
    }

    /**
     * The key file's watcher, when there is a key file.
     *
     * @return the watcher
     */
    public Optional<KeyFileWatcher> watcher() {
        return Optional.ofNullable(watcher);
    }

    /** Stops watching the key file and stores the usage still pending. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        ledger.close();
    }
}
