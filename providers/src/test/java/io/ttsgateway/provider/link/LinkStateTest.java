package io.ttsgateway.provider.link;

import java.util.stream.Stream;

import io.ttsgateway.provider.link.LinkState.Event;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ttsgateway.provider.link.LinkState.CLOSED;
import static io.ttsgateway.provider.link.LinkState.CLOSING;
import static io.ttsgateway.provider.link.LinkState.CONNECTING;
import static io.ttsgateway.provider.link.LinkState.OPEN;
import static io.ttsgateway.provider.link.LinkState.RETIRED;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class LinkStateTest {

    /** Every state under every event. */
    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of(CONNECTING, Event.READY, OPEN),
                Arguments.of(CONNECTING, Event.RETIRE, RETIRED),
                Arguments.of(CONNECTING, Event.CLOSE, CLOSING),
                Arguments.of(CONNECTING, Event.ENDED, CLOSED),
                Arguments.of(OPEN, Event.READY, OPEN),
                Arguments.of(OPEN, Event.RETIRE, RETIRED),
                Arguments.of(OPEN, Event.CLOSE, CLOSING),
                Arguments.of(OPEN, Event.ENDED, CLOSED),
                Arguments.of(RETIRED, Event.READY, RETIRED),
                Arguments.of(RETIRED, Event.RETIRE, RETIRED),
                Arguments.of(RETIRED, Event.CLOSE, CLOSING),
                Arguments.of(RETIRED, Event.ENDED, CLOSED),
                Arguments.of(CLOSING, Event.READY, CLOSING),
                Arguments.of(CLOSING, Event.RETIRE, CLOSING),
                Arguments.of(CLOSING, Event.CLOSE, CLOSING),
                Arguments.of(CLOSING, Event.ENDED, CLOSED),
                Arguments.of(CLOSED, Event.READY, CLOSED),
                Arguments.of(CLOSED, Event.RETIRE, CLOSED),
                Arguments.of(CLOSED, Event.CLOSE, CLOSED),
                Arguments.of(CLOSED, Event.ENDED, CLOSED));
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("transitions")
    void transition(LinkState from, Event event, LinkState to) {
        assertThat(from.next(event), is(to));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void onlyOpenTakesRequests(LinkState state, Event ignored, LinkState alsoIgnored) {
        assertThat(state.takesRequests(), is(state == OPEN));
    }
}
