package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.config.Setting;
import io.ttsgateway.provider.ConfigKey;
import io.ttsgateway.provider.ProviderFactory;
import io.ttsgateway.session.protocol.ErrorCode;

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
        List<ConfigKey> settings = new ArrayList<>(List.of(Setting.values()));
        ProviderFactory.installed().forEach(factory -> settings.addAll(factory.settings()));
        for (ConfigKey setting : settings) {
            assertThat(setting.environmentVariable(), doc, containsString("`" + setting.environmentVariable() + "`"));
            assertThat(setting.environmentVariable(), doc, containsString("`" + setting.key() + "`"));
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
