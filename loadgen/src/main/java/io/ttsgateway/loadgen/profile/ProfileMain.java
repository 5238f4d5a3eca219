package io.ttsgateway.loadgen.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code tts-loadgen profile RECORDING.jfr [FROM]}: prints a {@link JfrBreakdown}; FROM is an ISO instant. */
public final class ProfileMain {

    private ProfileMain() {
    }

    /**
     * Runs the command.
     *
     * @param args the recording, then optionally the instant events are counted from
     * @return the exit status
     */
    public static int run(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: tts-loadgen profile RECORDING.jfr [FROM, an ISO-8601 instant]");
            return 2;
        }
        try {
            Instant from = args.length == 2 ? Instant.parse(args[1]) : null;
            JfrBreakdown.of(Path.of(args[0]), from).print(System.out);
            return 0;
        } catch (DateTimeParseException e) {
            System.err.println("tts-loadgen profile: not an instant: " + args[1]);
            return 2;
        } catch (IOException e) {
            System.err.println("tts-loadgen profile: cannot read " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
