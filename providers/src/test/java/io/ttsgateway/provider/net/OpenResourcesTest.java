package io.ttsgateway.provider.net;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OpenResources}: closing ends what is open, and whatever is added afterwards. */
class OpenResourcesTest {

    private final List<String> ended = new ArrayList<>();
    private final OpenResources<String> open = new OpenResources<>(ended::add);

    @Test
    void closeEndsWhatIsStillOpen() {
        assertSame("a", open.add("a"));
        open.add("b");
        open.remove("b");
        assertFalse(open.isClosed());
        assertEquals(List.of(), ended);
        open.close();
        assertTrue(open.isClosed());
        assertEquals(List.of("a"), ended);
    }

    @Test
    void addedAfterCloseEndsAtOnce() {
        open.close();
        open.add("late");
        assertEquals(List.of("late"), ended);
    }
}
