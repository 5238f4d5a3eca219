package io.ttsgateway.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Key files in YAML and JSON: every field read, everything checked, and errors that name the entry
 * and field but never what stands where a digest belongs, nor the text YAML choked on.
 */
class KeyFileTest {

    private static final String DIGEST = KeyHash.hex("sk-acme");
    private static final String SECRET = "sk-live-pasted-by-mistake";

    private final KeyFile reader = new KeyFile(new ObjectMapper(), Set.of("tone", "openai"));

    @TempDir
    private Path dir;

    @Test
    void yamlAndJsonGiveTheSameKeys() throws Exception {
        List<ClientKey> yaml = reader.read(write("keys.yaml", """
                keys:
                  - name: acme
                    sha256: "%s"
                    charactersPerMinute: 2000
                    charactersPerDay: 500000
                    sessions: 4
                    providers: [openai]
                    formats: [pcm_24000, mp3]
                  - name: open
                    sha256: "%s"
                """.formatted(DIGEST.toUpperCase(), KeyHash.hex("sk-open"))));
        List<ClientKey> json = reader.read(write("keys.json", """
                {"keys": [
                  {"name": "acme", "sha256": "%s", "charactersPerMinute": 2000, "charactersPerDay": 500000,
                   "sessions": 4, "providers": ["openai"], "formats": ["pcm_24000", "mp3"]},
                  {"name": "open", "sha256": "%s"}
                ]}
                """.formatted(DIGEST, KeyHash.hex("sk-open"))));
        assertEquals(yaml, json);
        ClientKey acme = yaml.get(0);
        assertEquals(DIGEST, acme.sha256(), "digests are kept in lowercase");
        assertEquals(OptionalLong.of(2000), acme.quota().charactersPerMinute());
        assertEquals(OptionalLong.of(500000), acme.quota().charactersPerDay());
        assertEquals(OptionalInt.of(4), acme.quota().sessions());
        assertThat(acme.allowsProvider("openai"), is(true));
        assertThat(acme.allowsProvider("tone"), is(false));
        assertThat(acme.allowsFormat("mp3"), is(true));
        assertThat(acme.allowsFormat("ulaw_8000"), is(false));
        ClientKey open = yaml.get(1);
        assertThat(open.allowsProvider("tone") && open.allowsFormat("ulaw_8000"), is(true));
        assertThat(open.quota().charactersPerMinute().isPresent(), is(false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a key where its digest belongs | sha256: "sk-live-pasted-by-mistake"                   | key 1 ('acme'): sha256 must be the key's SHA-256
            an unknown field               | charactersPerMinut: 5                                  | key 1 ('acme'): unknown field 'charactersPerMinut'
            a provider not offered         | providers: [acme-tts]                                  | key 1 ('acme'): provider 'acme-tts' is not offered
            a format that does not exist   | formats: [pcm_12345]                                   | key 1 ('acme'): format 'pcm_12345' is not a format
            a limit of zero                | sessions: 0                                            | key 1 ('acme'): sessions must be a positive whole number
            a digest left unquoted         | sha256: 12345                                          | key 1 ('acme'): sha256 must be a string
            broken YAML                    | 'sk-live-pasted-by-mistake: [unclosed'                 | is not valid YAML (line
            """)
    void errorsNameTheEntryAndFieldButNeverASecret(String what, String line, String expected) throws Exception {
        String text = "keys:\n  - name: acme\n" + (line.startsWith("sha256") ? "" : "    sha256: \"" + DIGEST + "\"\n")
                + "    " + line + "\n";
        KeyFileException e = assertThrows(KeyFileException.class, () -> reader.read(write("keys.yaml", text)), what);
        assertThat(e.getMessage(), containsString(expected));
        assertThat(e.getMessage(), not(containsString(SECRET)));
    }

    @Test
    void namesAndDigestsAreUnique() throws Exception {
        String twice = "keys:\n  - {name: a, sha256: \"%s\"}\n  - {name: %s, sha256: \"%s\"}\n";
        assertThat(assertThrows(KeyFileException.class, () -> reader.read(write("k.yaml", twice.formatted(
                DIGEST, "a", KeyHash.hex("other"))))).getMessage(), containsString("the name 'a' is used twice"));
        assertThat(assertThrows(KeyFileException.class, () -> reader.read(write("k.yaml", twice.formatted(
                DIGEST, "b", DIGEST)))).getMessage(), containsString("its sha256 is another key's too"));
        assertThat(assertThrows(KeyFileException.class, () -> reader.read(write("k.json", "{\"keys\": 3}")))
                           .getMessage(), is("has no 'keys' list"));
    }

    @Test
    void theHashScriptPrintsTheDigestTheGatewayComputes() throws Exception {
        Process process = new ProcessBuilder(Path.of("..", "scripts", "hash-key.sh").toString())
                .redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write("sk-ünïcode key".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS), is(true));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(KeyHash.hex("sk-ünïcode key"), printed);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
