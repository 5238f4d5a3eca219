package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes key files the way operators are told to: a whole new file renamed over the old one, so
 * the gateway's reload never reads one half-written.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    static void write(Path file, String text) throws IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
