package io.ttsgateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** A process's merged output, copied line by line to the test output; keeps the last lines. */
final class ProcessOutput {
    private static final int TAIL_LINES = 40;

    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;

    private ProcessOutput(Process process, String prefix) {
        thread = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                                  StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    System.out.println(prefix + line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                System.out.println(prefix + "(output ended: " + e + ")");
            }
        });
    }

    static ProcessOutput pump(Process process, String prefix) {
        return new ProcessOutput(process, prefix);
    }

    /** The last lines, after the output has ended (bounded wait). */
    String tail() throws InterruptedException {
        thread.join(Duration.ofSeconds(5));
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }
}
