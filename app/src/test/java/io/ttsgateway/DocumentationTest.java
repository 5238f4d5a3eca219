package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ttsgateway.config.Setting;
import io.ttsgateway.session.ErrorCode;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The documents say what the code does: every setting and every error code is documented.
 */
class DocumentationTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everySettingIsInTheConfigurationDocument() throws IOException {
        String doc = Files.readString(DOCS.resolve("configuration.md"));
        for (Setting setting : Setting.values()) {
            assertThat(setting.name(), doc, containsString("`" + setting.environmentVariable() + "`"));
            assertThat(setting.name(), doc, containsString("`" + setting.key() + "`"));
        }
    }

    @Test
    void everyErrorCodeIsInTheProtocolDocument() throws IOException {
        String doc = Files.readString(DOCS.resolve("protocol.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.name(), doc, containsString("| `" + code.wireName() + "` | " + (code.retryable() ? "yes" : "no")));
        }
    }
}
