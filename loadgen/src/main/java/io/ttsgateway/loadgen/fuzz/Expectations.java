package io.ttsgateway.loadgen.fuzz;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.ttsgateway.loadgen.Json;

/**
 * The answers one batch must get, checked as the server's frames arrive: a {@code done} per
 * request (once, with its own id), an {@code error} per refused message (its code, and its id
 * when it had one), a pong per ping (same payload), audio only after its request's {@code start}.
 */
final class Expectations {

    private final FuzzTally tally;
    private final Set<String> requests = new HashSet<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, String> refusedIds = new HashMap<>();
    private final Map<String, Integer> errors = new HashMap<>();
    private final Deque<byte[]> pongs = new ArrayDeque<>();
    private String playing;

    Expectations(FuzzTally tally) {
        this.tally = tally;
    }

    void expect(FuzzStep step) {
        switch (step) {
            case FuzzStep.Request request -> {
                requests.add(request.id());
                pending.add(request.id());
                tally.add("requests");
            }
            case FuzzStep.Bad bad -> {
                errors.merge(bad.code(), 1, Integer::sum);
                if (bad.id() != null) {
                    refusedIds.put(bad.id(), bad.code());
                }
                tally.add("refused");
            }
            case FuzzStep.Ping ping -> pongs.add(ping.payload());
            case FuzzStep.Cancel ignored -> {
                // answered by its request's done
            }
            case FuzzStep.BadFrame ignored -> throw new IllegalArgumentException("a bad frame is answered by a close");
        }
    }

    boolean satisfied() {
        return pending.isEmpty() && errors.isEmpty() && pongs.isEmpty();
    }

    void text(String text) {
        Map<String, Object> message;
        try {
            message = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            tally.fault("corrupted", "not JSON: " + text);
            return;
        }
        String action = Json.string(message, "action");
        String id = Json.string(message, "requestId");
        switch (action == null ? "" : action) {
            case "start" -> {
                if (!pending.contains(id)) {
                    tally.fault("corrupted", "start for " + id);
                }
                playing = id;
            }
            case "alignment" -> {
                if (!pending.contains(id)) {
                    tally.fault("corrupted", "alignment for " + id);
                }
            }
            case "done" -> done(id, Json.string(message, "status"));
            case "error" -> error(id, Json.string(message, "code"));
            default -> tally.fault("unexpected", "message " + text);
        }
    }

    void audio() {
        if (playing == null) {
            tally.fault("corrupted", "audio without a start");
        }
    }

    void pong(byte[] payload) {
        byte[] expected = pongs.poll();
        if (expected == null || !Arrays.equals(expected, payload)) {
            tally.fault("unexpected", "pong of " + payload.length + " bytes");
        } else {
            tally.add("pongs");
        }
    }

    /** The connection is gone or timed out: whatever is still awaited never came. */
    void lost(String why) {
        pending.forEach(id -> tally.fault("silent", id + " (" + why + ")"));
        errors.forEach((code, count) -> {
            for (int i = 0; i < count; i++) {
                tally.fault("missing", "error " + code + " (" + why + ")");
            }
        });
        pongs.forEach(pong -> tally.fault("missing", "pong (" + why + ")"));
        pending.clear();
        errors.clear();
        pongs.clear();
    }

    private void done(String id, String status) {
        if (pending.remove(id)) {
            tally.add("done " + status);
        } else if (requests.contains(id)) {
            tally.fault("corrupted", "second done for " + id);
        } else {
            tally.fault("corrupted", "done for " + id);
        }
        if (id != null && id.equals(playing)) {
            playing = null;
        }
    }

    private void error(String id, String code) {
        tally.add("error " + code);
        if (id != null && !code.equals(refusedIds.get(id))) {
            tally.fault("corrupted", "error " + code + " for " + id);
            return;
        }
        Integer left = errors.get(code);
        if (left == null) {
            tally.fault("unexpected", "error " + code + (id == null ? "" : " for " + id));
        } else if (left == 1) {
            errors.remove(code);
        } else {
            errors.put(code, left - 1);
        }
    }
}
