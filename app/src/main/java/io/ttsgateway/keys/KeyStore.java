package io.ttsgateway.keys;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client keys in force: those of {@code GATEWAY_API_KEYS} (no limits) and those of the key
 * file, looked up by the SHA-256 of the key a client presents. The file's keys are replaced whole
 * when it is reloaded; readers see the old set or the new one. Any thread.
 */
public final class KeyStore {

    private final List<ClientKey> fromSettings;
    private final boolean fileConfigured;
    private volatile Map<String, ClientKey> byDigest;

    /**
     * Creates the store.
     *
     * @param fromSettings   the keys of {@code GATEWAY_API_KEYS}
     * @param fileConfigured whether a key file is configured (with one, an empty file lets no one in)
     */
    public KeyStore(List<ClientKey> fromSettings, boolean fileConfigured) {
        this.fromSettings = List.copyOf(fromSettings);
        this.fileConfigured = fileConfigured;
        this.byDigest = index(List.of());
    }

    /**
     * Whether clients need a key.
     *
     * @return true with a key file or keys in the settings
     */
    public boolean enabled() {
        return fileConfigured || !fromSettings.isEmpty();
    }

    /**
     * The key a client presents, if it is in force. Looked up by its digest, so the time taken
     * tells nothing of how much of a key was right.
     *
     * @param presented the key as presented
     * @return its definition, or empty
     */
    public Optional<ClientKey> find(String presented) {
        return Optional.ofNullable(byDigest.get(KeyHash.hex(presented)));
    }

    /**
     * A key's definition now: changed limits apply at once, a revoked key is gone.
     *
     * @param key the key as it was found
     * @return its definition now, or empty when revoked
     */
    public Optional<ClientKey> current(ClientKey key) {
        return Optional.ofNullable(byDigest.get(key.sha256()));
    }

    /**
     * How many keys are in force.
     *
     * @return the count
     */
    public int size() {
        return byDigest.size();
    }

    /**
     * Puts the key file's keys in force in place of the previous ones.
     *
     * @param fromFile the file's keys
     * @throws KeyFileException when one has the name or digest of a key of the settings
     */
    public void replaceFileKeys(List<ClientKey> fromFile) throws KeyFileException {
        Set<String> settingNames = new HashSet<>();
        fromSettings.forEach(key -> settingNames.add(key.name()));
        for (ClientKey key : fromFile) {
            if (settingNames.contains(key.name())) {
                throw new KeyFileException("key '" + key.name() + "': the name of a key of GATEWAY_API_KEYS");
            }
        }
        Map<String, ClientKey> next = index(fromFile);
        if (next.size() != fromSettings.size() + fromFile.size()) {
            throw new KeyFileException("a key of the file is in GATEWAY_API_KEYS too");
        }
        byDigest = next;
    }

    private Map<String, ClientKey> index(List<ClientKey> fromFile) {
        Map<String, ClientKey> index = new HashMap<>();
        fromSettings.forEach(key -> index.put(key.sha256(), key));
        fromFile.forEach(key -> index.put(key.sha256(), key));
        return Map.copyOf(index);
    }
}
