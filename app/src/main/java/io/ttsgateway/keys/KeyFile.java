package io.ttsgateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.codec.Encoders;
import io.ttsgateway.quota.Quota;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a key file ({@code GATEWAY_KEYS_FILE}): JSON when its name ends in {@code .json}, YAML
 * otherwise, with a {@code keys} list whose entries have a {@code name}, the key's {@code sha256},
 * and optionally {@code charactersPerMinute}, {@code charactersPerDay}, {@code sessions},
 * {@code providers} and {@code formats}. Everything is checked (an unknown field is an error, not a
 * key without its limit); errors name the entry and the field, never a digest ({@link KeyFileException}).
 */
public final class KeyFile {

    private static final Set<String> FIELDS = Set.of("name", "sha256", "charactersPerMinute", "charactersPerDay",
                                                     "sessions", "providers", "formats");

    private final ObjectMapper mapper;
    private final Set<String> providers;

    /**
     * Creates the reader.
     *
     * @param mapper    JSON mapper
     * @param providers the providers this gateway offers, which keys may name
     */
    public KeyFile(ObjectMapper mapper, Set<String> providers) {
        this.mapper = mapper;
        this.providers = Set.copyOf(providers);
    }

    /**
     * Reads and checks a key file.
     *
     * @param file the file
     * @return its keys, in file order
     * @throws KeyFileException when it cannot be read or is not valid
     */
    public List<ClientKey> read(Path file) throws KeyFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyFileException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode root = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json(text)
                : yaml(text);
        JsonNode list = root == null ? null : root.get("keys");
        if (list == null || !list.isArray()) {
            throw new KeyFileException("has no 'keys' list");
        }
        List<ClientKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ClientKey key = key(list.get(i), "key " + (i + 1));
            if (!names.add(key.name())) {
                throw new KeyFileException("key " + (i + 1) + ": the name '" + key.name() + "' is used twice");
            }
            if (!digests.add(key.sha256())) {
                throw new KeyFileException("key " + (i + 1) + " ('" + key.name() + "'): its sha256 is another key's too");
            }
            keys.add(key);
        }
        return keys;
    }

    private JsonNode json(String text) throws KeyFileException {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // The location only: Jackson's message quotes the text it choked on.
            throw new KeyFileException("is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private JsonNode yaml(String text) throws KeyFileException {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return mapper.valueToTree(tree);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new KeyFileException("is not valid YAML" + (mark == null ? ""
                    : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"));
        } catch (YAMLException | IllegalArgumentException e) {
            throw new KeyFileException("is not valid YAML");
        }
    }

    private ClientKey key(JsonNode entry, String where) throws KeyFileException {
        if (entry == null || !entry.isObject()) {
            throw new KeyFileException(where + ": must be an object with a name and a sha256");
        }
        String name = text(entry, "name", where);
        if (!ClientKey.NAME.matcher(name).matches()) {
            throw new KeyFileException(where + ": name must be 1 to 64 letters, digits, '.', '_' or '-', "
                                               + "starting with a letter or digit");
        }
        String at = where + " ('" + name + "')";
        for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new KeyFileException(at + ": unknown field '" + field + "'; the fields are " + FIELDS);
            }
        }
        String sha256 = text(entry, "sha256", at).toLowerCase(Locale.ROOT);
        if (!KeyHash.isHex(sha256)) {
            throw new KeyFileException(at + ": sha256 must be the key's SHA-256 in 64 hex digits "
                                               + "(scripts/hash-key.sh prints it), never the key itself");
        }
        OptionalLong perMinute = positive(entry, "charactersPerMinute", at);
        OptionalLong perDay = positive(entry, "charactersPerDay", at);
        OptionalLong sessions = positive(entry, "sessions", at);
        if (sessions.isPresent() && sessions.getAsLong() > Integer.MAX_VALUE) {
            throw new KeyFileException(at + ": sessions is too large");
        }
        Set<String> allowedProviders = names(entry, "providers", at);
        for (String provider : allowedProviders) {
            if (!providers.contains(provider)) {
                throw new KeyFileException(at + ": provider '" + provider + "' is not offered by this gateway (one of "
                                                   + providers.stream().sorted().toList() + ")");
            }
        }
        Set<String> formats = names(entry, "formats", at);
        for (String format : formats) {
            if (!knownFormat(format)) {
                throw new KeyFileException(at + ": format '" + format + "' is not a format (pcm_24000, ulaw_8000, "
                                                   + "wav_16000, ... or one of " + Encoders.supported() + ")");
            }
        }
        return new ClientKey(name, sha256, new Quota(perMinute, perDay, sessions.isPresent()
                ? OptionalInt.of((int) sessions.getAsLong()) : OptionalInt.empty()), allowedProviders, formats);
    }

    private static boolean knownFormat(String name) {
        if (Encoders.supported().contains(name)) {
            return true;
        }
        try {
            return AudioFormat.parse(name).toString().equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(JsonNode entry, String field, String where) throws KeyFileException {
        JsonNode node = entry.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new KeyFileException(where + ": " + field + " must be a string (quote it in YAML)");
        }
        return node.asText().trim();
    }

    private static OptionalLong positive(JsonNode entry, String field, String where) throws KeyFileException {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1) {
            throw new KeyFileException(where + ": " + field + " must be a positive whole number");
        }
        return OptionalLong.of(node.asLong());
    }

    private static Set<String> names(JsonNode entry, String field, String where) throws KeyFileException {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new KeyFileException(where + ": " + field + " must be a non-empty list (leave it out for all)");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode name : node) {
            if (!name.isTextual()) {
                throw new KeyFileException(where + ": " + field + " must be a list of names");
            }
            names.add(name.asText());
        }
        return names;
    }
}
