package io.ttsgateway;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ttsgateway.speech.SpeechEndpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * docs/openapi.yaml is valid OpenAPI 3.1, has every HTTP operation of the speech API, and lists
 * exactly the response formats the gateway produces; broken copies fail.
 */
class OpenApiDocumentTest {

    private static final String OPERATIONS = "post /audio/speech,get /models,get /audio/voices";
    private static final String VALIDATOR = "validate-openapi.mjs";

    @Test
    void documentIsValidAndMatchesTheGateway() throws Exception {
        NodeScript.Result result = run(document());
        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("valid OpenAPI 3.1.0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a type that does not exist        | 'type: integer'              | 'type: int'                   | does not compile
            an example its schema rejects     | 'response_format: pcm'       | 'response_format: ogg'        | example not valid
            an operation that went missing    | '  /models:'                 | '  /model-list:'              | missing operation GET /models
            a field without description       | 'description: what went wrong' | 'title: what went wrong'    | ErrorBody.message has no description
            """)
    void brokenCopyFails(String breakage, String original, String broken, String expected, @TempDir Path dir)
            throws Exception {
        String text = Files.readString(document());
        assertThat("the document no longer contains " + original, text, containsString(original));
        Path copy = dir.resolve("openapi.yaml");
        Files.writeString(copy, text.replace(original, broken));

        NodeScript.Result result = run(copy);

        assertThat(breakage + ":\n" + result.output(), result.exitCode(), is(1));
        assertThat(result.output(), containsString(expected));
    }

    private static NodeScript.Result run(Path document) throws Exception {
        return NodeScript.run(VALIDATOR, document.toString(), "--operations", OPERATIONS,
                              "--formats", String.join(",", SpeechEndpoint.responseFormats()));
    }

    private static Path document() {
        Path document = NodeScript.e2eDirectory().getParent().resolve("docs").resolve("openapi.yaml");
        assertThat(document + " exists", Files.isRegularFile(document), is(true));
        return document;
    }
}
