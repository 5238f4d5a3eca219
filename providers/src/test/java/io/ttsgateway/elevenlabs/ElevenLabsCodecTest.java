package io.ttsgateway.elevenlabs;

import org.junit.jupiter.api.Test;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.link.Frame;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * ElevenLabs' codec on the link core, without a network: what each server message becomes, what a
 * cancel is, and how a resend readdresses a context.
 */
class ElevenLabsCodecTest {

    private final ElevenLabsMessages codec = new ElevenLabsMessages();

    @Test
    void audioProgressAndFinalGoToTheirContext() {
        Frame audio = codec.decode("{\"audio\":\"AAA=\",\"isFinal\":false,\"contextId\":\"ctx-1\"}");
        Frame progress = codec.decode("{\"audio\":null,\"isFinal\":false,\"contextId\":\"ctx-1\"}");
        Frame last = codec.decode("{\"is_final\":true,\"context_id\":\"ctx-2\"}");

        assertThat(((Frame.Event) audio).type(), is(ElevenLabsMessages.AUDIO));
        assertThat(audio.route(), is("ctx-1"));
        assertThat(((Frame.Event) progress).type(), is("progress"));
        assertThat(last, is(new Frame.Done("ctx-2")));
    }

    @Test
    void errorsFailTheirContextOrTheWholeLink() {
        Frame context = codec.decode("{\"message\":\"no voice\",\"error\":\"voice_not_found\",\"contextId\":\"c\"}");
        Frame link = codec.decode("{\"message\":\"Invalid API key\",\"error\":\"invalid_api_key\",\"code\":1008}");

        assertThat(context.route(), is("c"));
        assertThat(((Frame.Failed) context).error().kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(link.route(), is(nullValue()));
        assertThat(((Frame.Failed) link).error().kind(), is(ProviderErrorKind.AUTH_FAILED));
    }

    @Test
    void anIdleTimeoutOnlyEndsTheLinkThroughItsClose() {
        Frame timeout = codec.decode("{\"message\":\"Have not received a new text input within the timeout\","
                + "\"error\":\"input_timeout_exceeded\",\"code\":1008}");

        assertThat(timeout, is(Frame.IGNORED));
        assertThat(codec.closed(1008, "Have not received a new text input within the timeout of 180.0 seconds.")
                           .kind(), is(ProviderErrorKind.UNAVAILABLE));
    }

    @Test
    void whatConcernsNoContextOfThisClientIsIgnored() {
        assertThat(codec.decode("not json"), is(Frame.IGNORED));
        assertThat(codec.decode("[1,2]"), is(Frame.IGNORED));
        assertThat(codec.decode("{\"audio\":\"AAA=\",\"isFinal\":false}"), is(Frame.IGNORED));
    }

    @Test
    void aCancelClosesTheContextAndHoldsItsSlot() throws Exception {
        assertThat(codec.cancel("ctx-4"), contains(ElevenLabsMessages.closeContext("ctx-4")));
        assertThat(codec.cancelHoldsSlot(), is(true));
        assertThat(ElevenLabsMessages.limits(ElevenLabsTestSupport.RELAXED).maxRoutes(), is(5));
    }

    @Test
    void aResendReaddressesOnlyItsOwnContext() throws Exception {
        String text = ElevenLabsMessages.textAndFlush("ctx-2", "Say \"ctx-2\" twice.");

        String moved = codec.readdress(text, "ctx-2", "ctx-3");

        assertThat(ElevenLabsMessages.contextId(ElevenLabsMessages.JSON.readTree(moved)), is("ctx-3"));
        assertThat(ElevenLabsMessages.JSON.readTree(moved).get("text").asText(), is("Say \"ctx-2\" twice. "));
        assertThat(codec.readdress(text, "ctx-9", "ctx-3"), is(text));
    }
}
