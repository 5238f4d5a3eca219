package io.ttsgateway.quota;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Sessions of a key stop at its limit, and each comes back once.
 */
class SessionCountsTest {

    @Test
    void sessionsOfAKeyStopAtItsLimitAndComeBackOnce() {
        SessionCounts sessions = new SessionCounts();
        SessionCounts.Lease first = sessions.open("a", OptionalInt.of(2));
        SessionCounts.Lease second = sessions.open("a", OptionalInt.of(2));
        assertNull(sessions.open("a", OptionalInt.of(2)));
        first.close();
        first.close(); // once only
        assertEquals(1, sessions.open("a"));
        assertNotNull(sessions.open("a", OptionalInt.of(2)));
        assertNull(sessions.open("a", OptionalInt.of(2)));
        second.close();
        assertEquals(1, sessions.open("a"));
    }
}
