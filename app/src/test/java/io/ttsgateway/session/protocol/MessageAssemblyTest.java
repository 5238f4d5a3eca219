package io.ttsgateway.session.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Fragments joined into messages, and the size limit counted in UTF-8 bytes.
 */
class MessageAssemblyTest {

    @Test
    void aMessageInOneFragmentIsThatFragment() throws ProtocolException {
        MessageAssembly assembly = new MessageAssembly(100);
        assertEquals("{\"action\":\"cancel\"}", assembly.add("{\"action\":\"cancel\"}", true));
    }

    @Test
    void fragmentsAreJoinedAtTheLastOne() throws ProtocolException {
        MessageAssembly assembly = new MessageAssembly(100);
        assertNull(assembly.add("{\"action\":", false));
        assertNull(assembly.add("", false));
        assertEquals("{\"action\":\"cancel\"}", assembly.add("\"cancel\"}", true));
        assertEquals("next", assembly.add("next", true), "the next message starts afresh");
    }

    @Test
    void theLimitIsInBytesNotCharacters() {
        MessageAssembly assembly = new MessageAssembly(8);
        ProtocolException refused = assertThrows(ProtocolException.class, () -> assembly.add("ééé€", true),
                                                 "4 characters, 2 + 2 + 2 + 3 = 9 bytes");
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, refused.error().code());
    }

    @Test
    void exactlyTheLimitIsAccepted() throws ProtocolException {
        MessageAssembly assembly = new MessageAssembly(8);
        assertEquals("éé\uD83D\uDE00", assembly.add("éé\uD83D\uDE00", true), "2 + 2 + 4 bytes");
    }

    @Test
    void aMessageOverTheLimitIsRefusedAtItsLastFragmentAndTheNextOneIsTaken() throws ProtocolException {
        MessageAssembly assembly = new MessageAssembly(8);
        assertNull(assembly.add("abcd", false));
        assertNull(assembly.add("éé€", false), "over the limit: dropped, refused once the message is over");
        assertNull(assembly.add("more", false));
        ProtocolException refused = assertThrows(ProtocolException.class, () -> assembly.add("end", true));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, refused.error().code());
        assertEquals("message exceeds 8 bytes", refused.error().message());
        assertEquals("ok", assembly.add("ok", true));
    }
}
