package io.ttsgateway.loadgen.fuzz;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One connection of a fuzz run: sends batches from its {@link FuzzGenerator}, waits for each
 * batch's answers ({@link Expectations}), then sends the batch's bad frame if it has one and
 * checks the close code, and connects again. One thread.
 */
final class FuzzConnection implements Runnable {

    private final Fuzz.Options options;
    private final FuzzGenerator generator;
    private final FuzzTally tally;
    private final long quota;
    private RawClient client;

    FuzzConnection(Fuzz.Options options, int index, long quota, FuzzTally tally) {
        this.options = options;
        this.generator = new FuzzGenerator(options.seed(), index, options.limits());
        this.tally = tally;
        this.quota = quota;
    }

    @Override
    public void run() {
        long sent = 0;
        try {
            while (sent < quota) {
                List<FuzzStep> batch = generator.batch();
                if (client == null) {
                    client = RawClient.connect(options.host(), options.port(), options.path(), Map.of(),
                                               options.timeout());
                    tally.add("connections");
                }
                Expectations expected = new Expectations(tally);
                FuzzStep.BadFrame badFrame = null;
                try {
                    for (FuzzStep step : batch) {
                        if (step instanceof FuzzStep.BadFrame frame) {
                            badFrame = frame;
                            continue;
                        }
                        expected.expect(step);
                        client.write(step.wire());
                        sent += step.messages();
                        tally.add("messages", step.messages());
                        tally.add("sent " + step.kind());
                    }
                } catch (IOException e) {
                    expected.lost("write failed: " + e.getMessage());
                    drop();
                    continue;
                }
                if (!answered(expected)) {
                    drop();
                    continue;
                }
                if (badFrame != null) {
                    sent++;
                    tally.add("messages");
                    closedFor(badFrame);
                    drop();
                }
            }
            closeNormally();
        } catch (IOException e) {
            tally.fault("unexpected", "connection failed: " + e);
            drop();
        }
    }

    private boolean answered(Expectations expected) throws IOException {
        while (!expected.satisfied()) {
            RawClient.Frame frame;
            try {
                frame = client.read();
            } catch (SocketTimeoutException e) {
                expected.lost("no answer within " + options.timeout().toSeconds() + " s");
                return false;
            }
            if (frame == null) {
                expected.lost("connection closed");
                tally.fault("unexpected", "connection closed");
                return false;
            }
            switch (frame.opcode()) {
                case RawClient.TEXT -> expected.text(frame.text());
                case RawClient.BINARY -> expected.audio();
                case RawClient.PING -> client.write(RawClient.frame(RawClient.FIN | RawClient.PONG, frame.payload()));
                case RawClient.PONG -> expected.pong(frame.payload());
                case RawClient.CLOSE -> {
                    tally.add("close " + frame.closeCode());
                    expected.lost("closed with " + frame.closeCode());
                    tally.fault("unexpected", "close " + frame.closeCode() + " " + reason(frame));
                    return false;
                }
                default -> tally.fault("unexpected", "opcode " + frame.opcode());
            }
        }
        return true;
    }

    private void closedFor(FuzzStep.BadFrame badFrame) throws IOException {
        tally.add("bad frames");
        tally.add("sent bad frame: " + badFrame.kind());
        try {
            client.write(badFrame.wire());
            while (true) {
                RawClient.Frame frame = client.read();
                if (frame == null) {
                    tally.fault("missing", "close frame after " + badFrame.kind());
                    return;
                }
                if (frame.opcode() == RawClient.CLOSE) {
                    tally.add("close " + frame.closeCode());
                    if (frame.closeCode() != badFrame.closeCode()) {
                        tally.fault("unexpected", badFrame.kind() + " closed with " + frame.closeCode() + " "
                                + reason(frame) + ", not " + badFrame.closeCode());
                    }
                    if (client.read() != null) {
                        tally.fault("unexpected", "a frame after the close");
                    }
                    return;
                }
                if (frame.opcode() == RawClient.PING) {
                    client.write(RawClient.frame(RawClient.FIN | RawClient.PONG, frame.payload()));
                } else {
                    tally.fault("unexpected", "opcode " + frame.opcode() + " after " + badFrame.kind());
                }
            }
        } catch (SocketTimeoutException e) {
            tally.fault("missing", "close or end of connection after " + badFrame.kind());
        }
    }

    private void closeNormally() throws IOException {
        if (client == null) {
            return;
        }
        client.write(RawClient.frame(RawClient.FIN | RawClient.CLOSE, new byte[] {0x03, (byte) 0xE8}));
        RawClient.Frame frame;
        do {
            frame = client.read();
        } while (frame != null && frame.opcode() != RawClient.CLOSE);
        if (frame == null) {
            tally.fault("missing", "close reply");
        } else {
            tally.add("normal closes");
        }
        drop();
    }

    private void drop() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                // closed either way
            }
            client = null;
        }
    }

    private static String reason(RawClient.Frame close) {
        byte[] payload = close.payload();
        return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
}
