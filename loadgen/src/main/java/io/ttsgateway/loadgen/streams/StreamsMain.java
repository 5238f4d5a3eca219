package io.ttsgateway.loadgen.streams;

/**
 * {@code tts-loadgen streams ...}: N real-time streams over OpenAI's speech protocol, started
 * together, reported with time to first byte, stutters a listener would hear, and this process's CPU.
 */
public final class StreamsMain {

    private StreamsMain() {
    }

    /**
     * Runs the streams and prints the report.
     *
     * @param args the arguments after {@code streams}, see {@link StreamsOptions#USAGE}
     * @return the exit status: 0 all completed, 1 some failed, 2 usage error
     */
    public static int run(String... args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(StreamsOptions.USAGE);
            return 0;
        }
        StreamsOptions options;
        try {
            options = StreamsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tts-loadgen streams: " + e.getMessage());
            System.err.print(StreamsOptions.USAGE);
            return 2;
        }
        StreamsSummary summary;
        try {
            summary = StreamsRun.execute(options);
        } catch (InterruptedException e) {
            System.err.println("tts-loadgen streams: interrupted");
            return 1;
        }
        System.out.print(StreamsReport.text(summary));
        System.out.println(StreamsReport.json(summary));
        System.out.flush();
        return summary.completed() == options.streams() ? 0 : 1;
    }
}
