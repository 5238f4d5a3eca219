package io.ttsgateway.loadgen.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fuzz run against a gateway: several connections at once, each sending its share of the
 * messages from its own {@link FuzzGenerator}, all counted in one {@link FuzzTally}. The project's
 * CI test runs it in-process; {@code scripts/fuzz.sh} runs {@link #main} against a started gateway.
 */
public final class Fuzz {

    /**
     * What to run.
     *
     * @param host        gateway host
     * @param port        gateway port
     * @param path        WebSocket path and query
     * @param messages    messages to send in all
     * @param connections connections at once
     * @param seed        the seed of every generator
     * @param limits      the gateway's limits
     * @param timeout     longest wait for any one answer
     */
    public record Options(String host, int port, String path, long messages, int connections, long seed,
                          FuzzGenerator.Limits limits, Duration timeout) {
    }

    private Fuzz() {
    }

    /**
     * Runs the connections and waits for them.
     *
     * @param options what to run
     * @return what was sent and got; the run's time is {@code "duration ms"}
     * @throws InterruptedException when interrupted
     */
    public static FuzzTally run(Options options) throws InterruptedException {
        FuzzTally tally = new FuzzTally();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            long quota = options.messages() / options.connections() + (i < options.messages() % options.connections() ? 1 : 0);
            threads.add(Thread.ofPlatform().name("fuzz-" + i).start(new FuzzConnection(options, i, quota, tally)));
        }
        // Each read is bounded by the timeout, so each connection ends; this bound is only a backstop.
        Duration bound = Duration.ofHours(2);
        for (Thread thread : threads) {
            if (!thread.join(bound)) {
                thread.interrupt();
                tally.fault("unexpected", thread.getName() + " did not finish");
            }
        }
        tally.add("duration ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return tally;
    }

    /**
     * Runs from the command line and prints the figures; exits with 1 when a fault was seen.
     *
     * @param args {@code --host H --port P --messages N --connections C --seed S --max-text-length L
     *             --max-message-bytes B --max-frame-length F --timeout-seconds T}
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        String host = value(args, "--host", "localhost");
        int port = Integer.parseInt(value(args, "--port", "8002"));
        Options options = new Options(host, port, value(args, "--path", "/api/v1/ws"),
                                      Long.parseLong(value(args, "--messages", "10000")),
                                      Integer.parseInt(value(args, "--connections", "8")),
                                      Long.parseLong(value(args, "--seed", "13")),
                                      new FuzzGenerator.Limits(Integer.parseInt(value(args, "--max-text-length", "10000")),
                                                               Integer.parseInt(value(args, "--max-message-bytes",
                                                                                      "131072")),
                                                               Long.parseLong(value(args, "--max-frame-length",
                                                                                    "1048576"))),
                                      Duration.ofSeconds(Long.parseLong(value(args, "--timeout-seconds", "30"))));
        FuzzTally tally = run(options);
        System.out.print(tally.report());
        System.out.println("duration: " + tally.count("duration ms") / 1000.0 + " s");
        System.exit(tally.faults() == 0 ? 0 : 1);
    }

    private static String value(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
