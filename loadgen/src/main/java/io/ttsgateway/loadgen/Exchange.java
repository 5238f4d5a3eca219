package io.ttsgateway.loadgen;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The protocol conversation of one session over one open connection: sends synthesize messages
 * within a window (1 for sequential, all for pipelined), matches the server's replies to them, and
 * gives every planned request exactly one outcome. Used by one session thread only.
 *
 * <p>A timed-out request ends the conversation: the connection is then in an unknown state, and
 * waiting out a full timeout for every remaining request would only stretch the run.
 */
public final class Exchange {

    private final Connection connection;
    private final Results results;
    private final RequestTexts texts;
    private final String sessionTag;
    private final int planned;
    private final int window;
    private final long timeoutNanos;
    private final Deque<PendingRequest> outstanding = new ArrayDeque<>();
    private PendingRequest streaming;
    private int nextToSend;

    /**
     * Prepares the conversation.
     *
     * @param connection open connection
     * @param options    requests, mode and timeout
     * @param texts      request texts
     * @param results    where outcomes go
     * @param sessionTag prefix of request ids, unique per session
     */
    public Exchange(Connection connection, Options options, RequestTexts texts, Results results, String sessionTag) {
        this.connection = connection;
        this.results = results;
        this.texts = texts;
        this.sessionTag = sessionTag;
        this.planned = options.requests();
        this.window = options.mode() == Mode.SEQUENTIAL ? 1 : planned;
        this.timeoutNanos = options.timeout().toNanos();
    }

    /**
     * Runs until every planned request has an outcome.
     *
     * @throws InterruptedException if the run is being stopped; call {@link #abandon(String)} then
     */
    public void run() throws InterruptedException {
        while (true) {
            if (!sendWithinWindow()) {
                return;
            }
            PendingRequest head = outstanding.peekFirst();
            if (head == null) {
                return; // everything sent and answered
            }
            long deadline = head.clockStart() + timeoutNanos;
            Event event = connection.next(deadline - System.nanoTime());
            if (event == null) {
                endEarly("timeout", "abandoned", "not_sent", System.nanoTime());
                return;
            }
            if (!handle(event)) {
                return;
            }
        }
    }

    /**
     * Gives every request still without an outcome the given reason; for a run being stopped or
     * a failure of this tool, so the accounting still adds up.
     *
     * @param reason failure reason
     */
    public void abandon(String reason) {
        endEarly(reason, reason, "not_sent", System.nanoTime());
    }

    private boolean sendWithinWindow() throws InterruptedException {
        while (nextToSend < planned && outstanding.size() < window) {
            String id = sessionTag + "-r" + (nextToSend + 1);
            String message = "{\"action\":\"synthesize\",\"requestId\":" + Json.quote(id)
                    + ",\"text\":" + Json.quote(texts.next()) + "}";
            PendingRequest request = new PendingRequest(id, System.nanoTime());
            if (!connection.send(message, timeoutNanos)) {
                String reason = connection.endReason() != null ? connection.endReason() : "send_failed";
                long now = System.nanoTime();
                results.record(RequestResult.notSent(reason, now));
                nextToSend++;
                endEarly(reason, reason, "not_sent", now);
                return false;
            }
            results.requestSent();
            outstanding.addLast(request);
            nextToSend++;
        }
        return true;
    }

    /** Returns false when the connection ended. */
    private boolean handle(Event event) {
        switch (event) {
        case Event.Audio audio -> {
            if (streaming == null) {
                results.anomaly("audio_without_start");
            } else {
                streaming.audio(audio.bytes(), audio.at());
            }
            return true;
        }
        case Event.Text text -> {
            message(text);
            return true;
        }
        case Event.Closed closed -> {
            endEarly(closed.reason(), closed.reason(), "not_sent", closed.at());
            return false;
        }
        }
    }

    private void message(Event.Text text) {
        Map<String, Object> message;
        try {
            message = Json.parseObject(text.text());
        } catch (IllegalArgumentException e) {
            results.anomaly("malformed_message");
            return;
        }
        String action = Json.string(message, "action");
        String id = Json.string(message, "requestId");
        switch (action == null ? "" : action) {
        case "start" -> {
            PendingRequest request = find(id);
            if (request == null) {
                results.anomaly("start_for_unknown_request");
                return;
            }
            if (request != outstanding.peekFirst()) {
                results.anomaly("start_out_of_order");
            }
            request.started();
            streaming = request;
        }
        case "done" -> {
            PendingRequest request = find(id);
            if (request == null) {
                results.anomaly("done_for_unknown_request");
                return;
            }
            String status = Json.string(message, "status");
            String failure = null;
            if (!"completed".equals(status)) {
                String code = Json.string(Json.object(message, "error"), "code");
                failure = "done:" + status + (code == null ? "" : ":" + code);
            } else if (request != outstanding.peekFirst()) {
                results.anomaly("done_out_of_order");
            }
            RequestResult result = finish(request, failure, text.at());
            if (result.completed() && result.audioBytes() == 0) {
                results.anomaly("completed_without_audio");
            }
        }
        case "error" -> {
            // An error without an id (e.g. server_busy at open) concerns the connection; charge it
            // to the oldest request, the one that was waiting on it.
            PendingRequest request = id == null ? outstanding.peekFirst() : find(id);
            String code = Json.string(message, "code");
            if (request == null) {
                results.anomaly("unattributed_error:" + code);
                return;
            }
            finish(request, "error:" + code, text.at());
        }
        default -> results.anomaly("unknown_action");
        }
    }

    private RequestResult finish(PendingRequest request, String failure, long at) {
        boolean wasHead = request == outstanding.peekFirst();
        outstanding.remove(request);
        if (streaming == request) {
            streaming = null;
        }
        RequestResult result = request.finish(failure, at);
        results.record(result);
        PendingRequest next = outstanding.peekFirst();
        if (wasHead && next != null) {
            next.previousEnded(at);
        }
        return result;
    }

    private PendingRequest find(String id) {
        if (id == null) {
            return null;
        }
        for (PendingRequest request : outstanding) {
            if (request.id().equals(id)) {
                return request;
            }
        }
        return null;
    }

    private void endEarly(String headReason, String outstandingReason, String unsentReason, long at) {
        boolean first = true;
        for (PendingRequest request : outstanding) {
            results.record(request.finish(first ? headReason : outstandingReason, at));
            first = false;
        }
        outstanding.clear();
        streaming = null;
        while (nextToSend < planned) {
            results.record(RequestResult.notSent(unsentReason, at));
            nextToSend++;
        }
    }
}
