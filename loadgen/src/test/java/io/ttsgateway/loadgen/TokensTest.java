package io.ttsgateway.loadgen;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokensTest {

    @Test
    void aTokenIsAWordWithTheWhitespaceBeforeIt() {
        assertEquals(List.of("Sure!", " Let", " me", "  check,", "\nplease."),
                     Tokens.pieces("Sure! Let me  check,\nplease.", 1));
    }

    @Test
    void leadingAndTrailingWhitespaceIsKept() {
        assertEquals(List.of("  Hi", " there \n"), Tokens.pieces("  Hi there \n", 1));
        assertEquals(List.of("one"), Tokens.pieces("one", 1));
    }

    @Test
    void groupsTokensPerPiece() {
        String text = "a b c d e f g";
        assertEquals(List.of("a b c", " d e f", " g"), Tokens.pieces(text, 3));
        assertEquals(List.of(text), Tokens.pieces(text, 7));
        assertEquals(List.of(text + " "), Tokens.pieces(text + " ", 100));
    }

    @Test
    void piecesPutTogetherGiveTheText() {
        String text = " Your order shipped\tyesterday\u00a0from Denver — and it should arrive by Thursday.  ";
        for (int perPiece = 1; perPiece <= 4; perPiece++) {
            assertEquals(text, String.join("", Tokens.pieces(text, perPiece)), "per piece " + perPiece);
        }
    }

    @Test
    void rejectsBlankTextAndNoTokens() {
        assertThrows(IllegalArgumentException.class, () -> Tokens.pieces(" \n", 1));
        assertThrows(IllegalArgumentException.class, () -> Tokens.pieces("hi", 0));
    }
}
