package io.ttsgateway.loadgen;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --warmup}: a run of the same shape before the measured one, on its own connections, whose
 * requests are not in the summary except for its failures, shown as anomalies.
 */
class WarmupTest {

    @Test
    void theWarmupRunsFirstAndOnlyItsFailuresAreReported() throws Exception {
        AtomicInteger synthesizes = new AtomicInteger();
        // The second request the server sees, one of the warm-up's, is refused.
        ScriptedGateway.Behaviour behaviour = (peer, message) -> answer(peer, Json.string(message, "requestId"),
                                                                         synthesizes.incrementAndGet() == 2);
        try (ScriptedGateway gateway = new ScriptedGateway(behaviour)) {
            Options options = Options.parse("--url", gateway.url().toString(), "--sessions", "1", "--requests", "3",
                                            "--warmup", "2", "--timeout-s", "20");
            Summary summary = LoadRun.execute(options);

            assertEquals(5, synthesizes.get(), "2 warm-up requests, then 3 measured");
            assertEquals(2, gateway.peers().size(), "the warm-up has its own connection");
            assertEquals(3, summary.completed());
            assertEquals(0, summary.failed());
            assertEquals(3, summary.ttfb().count());
            assertEquals(Map.of("warmup:error:server_busy", 1L), summary.anomalies());
            assertTrue(Report.json(summary).contains("\"warmupPerSession\":2"), Report.json(summary));
            assertTrue(Report.text(summary).contains("after a warm-up of 2 request(s) per session"),
                       Report.text(summary));
        }
    }

    private static void answer(ScriptedGateway.Peer peer, String id, boolean refuse) throws IOException {
        if (refuse) {
            peer.sendText("{\"action\":\"error\",\"code\":\"server_busy\",\"message\":\"no\",\"requestId\":"
                          + Json.quote(id) + "}");
            return;
        }
        peer.sendText("{\"action\":\"start\",\"requestId\":" + Json.quote(id)
                      + ",\"format\":\"pcm_24000\",\"source\":\"test\"}");
        peer.sendAudio(480);
        peer.sendText("{\"action\":\"done\",\"requestId\":" + Json.quote(id) + ",\"status\":\"completed\"}");
    }
}
