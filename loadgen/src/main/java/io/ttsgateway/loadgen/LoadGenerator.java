package io.ttsgateway.loadgen;

import io.ttsgateway.loadgen.packets.PacketsMain;
import io.ttsgateway.loadgen.profile.ProfileMain;
import io.ttsgateway.loadgen.streams.StreamsMain;
import java.util.Arrays;

/**
 * Command-line entry point: loads a gateway's WebSocket endpoint and reports time to first byte,
 * completion times, throughput and failures. Run with {@code --help} for the options;
 * {@code streams --help} for real-time streams over OpenAI's speech protocol (direct or through the gateway);
 * {@code profile RECORDING.jfr} for where a gateway's CPU went in a flight recording;
 * {@code packets CAPTURE.pcap GATEWAY_PORT} for the gateway's own part of each first byte in a capture.
 */
public final class LoadGenerator {

    /** Exit status when every request completed. */
    static final int EXIT_OK = 0;
    /** Exit status when any request failed, so scripts can gate on it. */
    static final int EXIT_FAILURES = 1;
    /** Exit status for a bad command line. */
    static final int EXIT_USAGE = 2;

    private LoadGenerator() {
    }

    /**
     * Runs the load generator and exits.
     *
     * @param args see {@link Options#USAGE}
     */
    public static void main(String[] args) {
        if (args.length > 0 && "streams".equals(args[0])) {
            System.exit(StreamsMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && "packets".equals(args[0])) {
            System.exit(PacketsMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && "profile".equals(args[0])) {
            System.exit(ProfileMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(run(args));
    }

    private static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested e) {
            System.out.print(Options.USAGE);
            return EXIT_OK;
        } catch (IllegalArgumentException e) {
            System.err.println("tts-loadgen: " + e.getMessage());
            System.err.print(Options.USAGE);
            return EXIT_USAGE;
        }
        Summary summary;
        try {
            summary = LoadRun.execute(options);
        } catch (InterruptedException e) {
            System.err.println("tts-loadgen: interrupted");
            return EXIT_FAILURES;
        }
        System.out.print(Report.text(summary));
        System.out.println(Report.json(summary));
        System.out.flush();
        // System.exit in main, not here: stray JDK client threads must not keep the process alive.
        return summary.failed() == 0 ? EXIT_OK : EXIT_FAILURES;
    }
}
