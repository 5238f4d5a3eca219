package io.ttsgateway.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming input against a scripted gateway over a real WebSocket: what goes on the wire, and
 * what is measured. Timing is only asserted where the client's own pacing guarantees it (a message
 * is never sent before it is due) or with slack of several token intervals.
 */
class StreamInputTest {

    /** Eight words, with the whitespace a tokenizer must keep. */
    private static final String TEXT = "Sure! Let me  check that\nfor you today.";
    private static final int WORDS = 8;
    /**
     * Sixteen words: at 150 ms a word, audio answering the second append has 2.1 s to arrive before
     * the end is due, slack for a machine busy with parallel builds.
     */
    private static final String LONG_TEXT = TEXT + " Your order shipped yesterday and arrives by Thursday.";
    private static final int AUDIO_BYTES = 480;

    @Test
    void streamsEachRequestAsPacedAppendsThenEnd() throws Exception {
        long intervalMs = 20;
        try (ScriptedGateway gateway = new ScriptedGateway(new Gateway(id -> 0))) {
            Results results = runSession(gateway, "--input", "stream", "--token-interval-ms", Long.toString(intervalMs),
                                         "--requests", "2");

            List<ScriptedGateway.Received> received = onlyPeer(gateway).received();
            assertEquals(2 * (WORDS + 1), received.size(), received::toString);
            for (int r = 0; r < 2; r++) {
                String id = "s1-r" + (r + 1);
                List<ScriptedGateway.Received> request = received.subList(r * (WORDS + 1), (r + 1) * (WORDS + 1));
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < WORDS; i++) {
                    assertEquals("append", request.get(i).action(), "message " + i + " of " + id);
                    assertEquals(id, request.get(i).requestId());
                    assertFalse(request.get(i).text().isEmpty());
                    text.append(request.get(i).text());
                }
                assertEquals(TEXT, text.toString(), "the appends put together are the text, whitespace included");
                assertEquals("Sure!", request.getFirst().text());
                assertEquals(" Let", request.get(1).text());
                assertEquals("end", request.getLast().action());
                assertEquals(id, request.getLast().requestId());
                assertEquals(Set.of("action", "requestId"), request.getLast().message().keySet());
            }

            List<RequestResult> outcomes = results.requests();
            assertEquals(2, outcomes.size());
            for (RequestResult outcome : outcomes) {
                assertTrue(outcome.completed(), outcome::toString);
                // Pacing: the end follows the last append, due (WORDS - 1) intervals after the first.
                assertTrue(outcome.textCompleteNanos() >= TimeUnit.MILLISECONDS.toNanos((WORDS - 1) * intervalMs),
                           outcome::toString);
                assertFalse(outcome.firstAudioBeforeEnd(), "this server sends audio only after the end");
                assertTrue(outcome.ttfbNanos() > outcome.textCompleteNanos(), outcome::toString);
                assertEquals(AUDIO_BYTES, outcome.audioBytes());
            }
            assertEquals(Map.of(), results.anomalies());
            assertEquals(2, results.sent());
            assertEquals(List.of(), gateway.errors());
        }
    }

    @Test
    void measuresFromTheFirstAppendAndCountsAudioBeforeTheEnd() throws Exception {
        long intervalMs = 150;
        // r1 is answered after its second append, long before its end is due; r2 only at its end.
        try (ScriptedGateway gateway = new ScriptedGateway(new Gateway(id -> id.endsWith("-r1") ? 2 : 0))) {
            Results results = runSession(gateway, "--input", "stream", "--token-interval-ms", Long.toString(intervalMs),
                                         "--requests", "2", "--text", LONG_TEXT);

            List<RequestResult> outcomes = results.requests();
            assertEquals(2, outcomes.size());
            RequestResult early = outcomes.get(0);
            RequestResult late = outcomes.get(1);
            assertTrue(early.completed() && late.completed(), outcomes::toString);

            assertTrue(early.firstAudioBeforeEnd(), early::toString);
            // The audio answered the second append, sent one interval after the first: measured from
            // the first append it cannot be shorter than that, and it came before the end.
            assertTrue(early.ttfbNanos() >= TimeUnit.MILLISECONDS.toNanos(intervalMs), early::toString);
            assertTrue(early.ttfbNanos() < early.textCompleteNanos(), early::toString);

            assertFalse(late.firstAudioBeforeEnd(), late::toString);
            assertTrue(late.ttfbNanos() > late.textCompleteNanos(), late::toString);

            Summary summary = Summary.of(options(gateway, "--input", "stream", "--requests", "2"), results,
                                         System.nanoTime(), System.nanoTime(), new IdleSummary(0, 0, 0, Map.of(), Map.of()),
                                         false);
            assertEquals(1, summary.firstAudioBeforeEnd());
            assertEquals(2, summary.textComplete().count());
            assertTrue(Report.text(summary).contains("first audio before end"), Report.text(summary));
            assertTrue(Report.text(summary).contains("1 of 2 completed"), Report.text(summary));
            assertEquals(List.of(), gateway.errors());
        }
    }

    @Test
    void wholeInputSendsOneSynthesizeWithTheSameText() throws Exception {
        try (ScriptedGateway gateway = new ScriptedGateway(new Gateway(id -> 0))) {
            Results results = runSession(gateway, "--requests", "2");

            List<ScriptedGateway.Received> received = onlyPeer(gateway).received();
            assertEquals(List.of("synthesize", "synthesize"), received.stream().map(ScriptedGateway.Received::action).toList());
            assertEquals(List.of("s1-r1", "s1-r2"), received.stream().map(ScriptedGateway.Received::requestId).toList());
            assertEquals(TEXT, received.getFirst().text());
            for (RequestResult outcome : results.requests()) {
                assertTrue(outcome.completed(), outcome::toString);
                assertEquals(RequestResult.NONE, outcome.textCompleteNanos());
                assertFalse(outcome.firstAudioBeforeEnd());
                assertTrue(outcome.ttfbNanos() >= 0);
            }
            assertEquals(List.of(), gateway.errors());
        }
    }

    @Test
    void aRejectedFirstAppendEndsTheRequestAndTheNextOneGoesOn() throws Exception {
        Gateway behaviour = new Gateway(id -> 0);
        behaviour.rejectAppend("s1-r1", 1, "rate_limit_exceeded");
        try (ScriptedGateway gateway = new ScriptedGateway(behaviour)) {
            // A long interval: the rejection arrives long before a second append is due.
            Results results = runSession(gateway, "--input", "stream", "--token-interval-ms", "2000",
                                         "--tokens-per-append", "4", "--requests", "2");

            List<RequestResult> outcomes = results.requests();
            assertEquals("error:rate_limit_exceeded", outcomes.get(0).failure());
            assertTrue(outcomes.get(1).completed(), outcomes::toString);
            List<String> wire = onlyPeer(gateway).received().stream()
                    .map(message -> message.action() + " " + message.requestId()).toList();
            assertEquals(List.of("append s1-r1", "append s1-r2", "append s1-r2", "end s1-r2"), wire);
            assertEquals(Map.of(), results.anomalies());
            assertEquals(List.of(), gateway.errors());
        }
    }

    @Test
    void aFailureAfterSeveralAppendsCancelsTheRequestAndIgnoresWhatFollows() throws Exception {
        Gateway behaviour = new Gateway(id -> 0);
        behaviour.rejectAppend("s1-r1", 2, "invalid_message");
        try (ScriptedGateway gateway = new ScriptedGateway(behaviour)) {
            // The rejection of the second append must arrive before the end is due, 1.2 s later.
            Results results = runSession(gateway, "--input", "stream", "--token-interval-ms", "200",
                                         "--requests", "2");

            List<RequestResult> outcomes = results.requests();
            assertEquals("error:invalid_message", outcomes.get(0).failure());
            assertTrue(outcomes.get(1).completed(), outcomes::toString);
            List<ScriptedGateway.Received> r1 = onlyPeer(gateway).received().stream()
                    .filter(message -> "s1-r1".equals(message.requestId())).toList();
            assertEquals("cancel", r1.getLast().action(), r1::toString);
            assertTrue(r1.subList(0, r1.size() - 1).stream().allMatch(message -> "append".equals(message.action())),
                       r1::toString);
            // The gateway's done for the cancelled id arrives after the request was given up: expected.
            assertEquals(Map.of(), results.anomalies());
            assertEquals(List.of(), gateway.errors());
        }
    }

    @Test
    void aWholeRunReportsStreamNumbers() throws Exception {
        try (ScriptedGateway gateway = new ScriptedGateway(new Gateway(id -> 2))) {
            Options options = options(gateway, "--input", "stream", "--token-interval-ms", "60", "--requests", "2",
                                      "--unique");
            Summary summary = LoadRun.execute(options);

            assertEquals(2, summary.completed());
            assertEquals(0, summary.failed());
            assertEquals(2, summary.textComplete().count());
            // How many had audio before the end is timing (measured with slack above); here only
            // that both renderings carry the count.
            long beforeEnd = summary.firstAudioBeforeEnd();
            String json = Report.json(summary);
            assertTrue(json.contains("\"input\":\"stream\""), json);
            assertTrue(json.contains("\"firstAudioBeforeEnd\":" + beforeEnd), json);
            assertTrue(json.contains("\"textCompleteMs\":{\"count\":2"), json);
            String report = Report.text(summary);
            assertTrue(report.contains(beforeEnd + " of 2 completed"), report);
            assertFalse(report.contains("Sure") || json.contains("Sure"), "the spoken text is never printed");
            // Unique texts: every sentence carries the request's tag before its first mark, so the
            // first words a streamed request sends already differ from the other request's.
            List<String> texts = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (ScriptedGateway.Received message : onlyPeer(gateway).received()) {
                if ("append".equals(message.action())) {
                    text.append(message.text());
                } else {
                    texts.add(text.toString());
                    text.setLength(0);
                }
            }
            assertEquals(2, texts.size());
            for (String sent : texts) {
                assertTrue(sent.matches("Sure( [a-z]+){4,}! Let me  check that\nfor you today( [a-z]+){4,}\\."), sent);
            }
            assertFalse(texts.get(0).equals(texts.get(1)));
            assertEquals(List.of(), gateway.errors());
        }
    }

    private static Options options(ScriptedGateway gateway, String... more) throws Options.HelpRequested {
        List<String> args = new ArrayList<>(List.of("--url", gateway.url().toString(), "--sessions", "1",
                                                    "--text", TEXT, "--timeout-s", "20"));
        args.addAll(List.of(more));
        return Options.parse(args.toArray(String[]::new));
    }

    /** One session on this thread, so each request's own outcome can be checked. */
    private static Results runSession(ScriptedGateway gateway, String... more) throws Options.HelpRequested {
        Options options = options(gateway, more);
        Results results = new Results();
        try (Connector connector = new Connector(options)) {
            new SessionRunner(1, System.nanoTime(), options, connector, new RequestTexts(options.text(), false),
                              results).run();
        }
        return results;
    }

    private static ScriptedGateway.Peer onlyPeer(ScriptedGateway gateway) {
        assertEquals(1, gateway.peers().size());
        return gateway.peers().getFirst();
    }

    /**
     * Answers like the gateway: {@code start} and a first audio frame once a request's n-th append
     * arrived (0: at its end), more audio and {@code done} at its end; a {@code synthesize} at once.
     * A rejected append gets an {@code error} and nothing else; a {@code cancel} a cancelled done.
     */
    private static final class Gateway implements ScriptedGateway.Behaviour {
        private final ToIntFunction<String> appendsBeforeAudio;
        private final Map<String, Integer> appends = new ConcurrentHashMap<>();
        private final Set<String> started = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> rejectAt = new ConcurrentHashMap<>();
        private final Map<String, String> rejectCode = new ConcurrentHashMap<>();

        Gateway(ToIntFunction<String> appendsBeforeAudio) {
            this.appendsBeforeAudio = appendsBeforeAudio;
        }

        void rejectAppend(String id, int n, String code) {
            rejectAt.put(id, n);
            rejectCode.put(id, code);
        }

        @Override
        public void onMessage(ScriptedGateway.Peer peer, Map<String, Object> message) throws IOException {
            String id = Json.string(message, "requestId");
            switch (Json.string(message, "action")) {
            case "synthesize" -> {
                audio(peer, id);
                done(peer, id, "completed");
            }
            case "append" -> {
                int n = appends.merge(id, 1, Integer::sum);
                if (rejectAt.getOrDefault(id, -1) == n) {
                    peer.sendText("{\"action\":\"error\",\"code\":\"" + rejectCode.get(id)
                                  + "\",\"message\":\"no\",\"requestId\":" + Json.quote(id) + "}");
                } else if (n == appendsBeforeAudio.applyAsInt(id)) {
                    audio(peer, id);
                }
            }
            case "end" -> {
                audio(peer, id);
                done(peer, id, "completed");
            }
            case "cancel" -> done(peer, id, "cancelled");
            default -> throw new IllegalStateException("unexpected message " + message);
            }
        }

        private void audio(ScriptedGateway.Peer peer, String id) throws IOException {
            if (started.add(id)) {
                peer.sendText("{\"action\":\"start\",\"requestId\":" + Json.quote(id)
                              + ",\"format\":\"pcm_24000\",\"source\":\"test\"}");
            }
            peer.sendAudio(AUDIO_BYTES);
        }

        private static void done(ScriptedGateway.Peer peer, String id, String status) throws IOException {
            peer.sendText("{\"action\":\"done\",\"requestId\":" + Json.quote(id) + ",\"status\":\"" + status + "\"}");
        }
    }
}
