package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.ttsgateway.session.protocol.ErrorCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * {@code docs/asyncapi.yaml} is a valid AsyncAPI document that describes every message of the
 * protocol and every error code the gateway can send. The validator ({@code e2e/validate-asyncapi.mjs},
 * run with Node) is shown to reject broken copies, so its success means something.
 */
class AsyncApiDocumentTest {

    /** Every message of the protocol: client actions, server actions, the binary audio frame. */
    private static final String MESSAGES = "synthesize,append,flush,end,cancel,start,alignment,done,error,audio";

    private static final String VALIDATOR = "validate-asyncapi.mjs";

    @Test
    void documentIsValidAndHasEveryMessage() throws Exception {
        NodeScript.Result result = NodeScript.run(VALIDATOR, document().toString(), "--messages", MESSAGES);
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("AsyncAPI 3.0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a $ref to a schema that does not exist | '#/components/schemas/RequestId' | '#/components/schemas/RequestIdentifier' | invalid-ref
            a type that does not exist              | 'type: boolean'                  | 'type: bool'                              | error:
            an example its schema rejects           | 'speed: 1.1'                     | 'speed: 9'                                | does not match its payload schema
            a field without description             | 'description: Always `flush`.'   | 'title: flush'                            | flush.payload.action has no description
            """)
    void brokenCopyFails(String breakage, String original, String broken, String expected, @TempDir Path dir)
            throws Exception {
        String text = Files.readString(document());
        assertThat("the document no longer contains " + original, text, containsString(original));
        Path copy = dir.resolve("asyncapi.yaml");
        Files.writeString(copy, text.replace(original, broken));

        NodeScript.Result result = NodeScript.run(VALIDATOR, copy.toString(), "--messages", MESSAGES);

        assertThat(breakage + ":\n" + result.output(), result.exitCode(), is(1));
        assertThat(result.output(), containsString(expected));
    }

    @Test
    void missingMessageFails() throws Exception {
        NodeScript.Result result = NodeScript.run(VALIDATOR, document().toString(), "--messages", MESSAGES + ",speak");
        assertThat(result.output(), result.exitCode(), is(1));
        assertThat(result.output(), containsString("message \"speak\" is missing"));
    }

    /**
     * Compares with the enum as it is at run time, so a code added to {@link ErrorCode} later is
     * covered without touching this test.
     */
    @Test
    void everyErrorCodeIsInTheErrorCodeSchema() throws IOException {
        List<String> documented = Config.just(ConfigSources.file(document()))
                .get("components.schemas.ErrorCode.enum")
                .asList(String.class)
                .get();
        assertThat(documented, not(List.of()));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat("ErrorCode enum of asyncapi.yaml", documented, hasItem(code.wireName()));
        }
    }

    private static Path document() {
        Path document = NodeScript.e2eDirectory().getParent().resolve("docs").resolve("asyncapi.yaml");
        assertThat(document + " exists", Files.isRegularFile(document), is(true));
        return document;
    }
}
