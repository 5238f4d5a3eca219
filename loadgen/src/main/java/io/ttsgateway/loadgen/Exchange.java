package io.ttsgateway.loadgen;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The protocol conversation of one session over one open connection: sends requests within a
 * window (1 for sequential, all for pipelined), each as its {@link RequestScript} (one
 * {@code synthesize}, or paced {@code append}s and an {@code end}), matches the server's replies to
 * them, and gives every planned request exactly one outcome. Used by one session thread only.
 *
 * <p>One request's script is sent at a time, as one agent's LLM writes one reply at a time; between
 * two of its messages the thread reads the server's replies, so a request the server ends early
 * stops being sent. Arrival times are stamped by the {@link Inbox}, so reading them late changes no
 * measurement.
 *
 * <p>A timed-out request ends the conversation: the connection is then in an unknown state, and
 * waiting out a full timeout for every remaining request would only stretch the run.
 */
public final class Exchange {

    private final Connection connection;
    private final Options options;
    private final Results results;
    private final RequestTexts texts;
    private final String sessionTag;
    private final int planned;
    private final int window;
    private final long timeoutNanos;
    private final Deque<PendingRequest> outstanding = new ArrayDeque<>();
    /** Requests given up while being streamed; the server's late replies to them are expected. */
    private final Set<String> withdrawn = new HashSet<>();
    private String cancelDue;
    private PendingRequest receiving;
    private Sending sending;
    private int nextToSend;

    /**
     * Prepares the conversation.
     *
     * @param connection open connection
     * @param options    requests, mode, input and timeout
     * @param texts      request texts
     * @param results    where outcomes go
     * @param sessionTag prefix of request ids, unique per session
     */
    public Exchange(Connection connection, Options options, RequestTexts texts, Results results, String sessionTag) {
        this.connection = connection;
        this.options = options;
        this.results = results;
        this.texts = texts;
        this.sessionTag = sessionTag;
        this.planned = options.requests();
        this.window = options.mode() == Mode.SEQUENTIAL ? 1 : planned;
        this.timeoutNanos = options.timeout().toNanos();
    }

    /**
     * A request whose script is being sent.
     *
     * @param id      request id
     * @param script  its messages
     * @param next    index of the next message
     * @param request its measurements, null until the first message went out
     * @param startAt nano time the first message went out, or is due
     */
    private record Sending(String id, RequestScript script, int next, PendingRequest request, long startAt) {

        long nextDueAt() {
            return startAt + script.steps().get(next).offsetNanos();
        }

        Sending advance(PendingRequest sent, long firstAt) {
            return new Sending(id, script, next + 1, sent, next == 0 ? firstAt : startAt);
        }

        boolean finished() {
            return next == script.steps().size();
        }
    }

    /**
     * Runs until every planned request has an outcome.
     *
     * @throws InterruptedException if the run is being stopped; call {@link #abandon(String)} then
     */
    public void run() throws InterruptedException {
        while (true) {
            if (!sendDue()) {
                return;
            }
            PendingRequest head = outstanding.peekFirst();
            if (head == null) {
                return; // everything sent and answered
            }
            long deadline = head.clockStart() + timeoutNanos;
            long wakeAt = sending != null && sending.nextDueAt() - deadline < 0 ? sending.nextDueAt() : deadline;
            Event event = connection.next(wakeAt - System.nanoTime());
            if (event == null) {
                if (System.nanoTime() - deadline >= 0) {
                    endEarly("timeout", "abandoned", "not_sent", System.nanoTime());
                    return;
                }
                continue; // the next message of the request being streamed is due
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

    /** Sends every message that is due, starting new requests as the window allows; false when the connection failed. */
    private boolean sendDue() throws InterruptedException {
        if (cancelDue != null) {
            // Best effort: if it fails, the next send notices the connection is gone.
            connection.send("{\"action\":\"cancel\",\"requestId\":" + Json.quote(cancelDue) + "}", timeoutNanos);
            cancelDue = null;
        }
        while (true) {
            if (sending == null) {
                if (nextToSend >= planned || outstanding.size() >= window) {
                    return true;
                }
                String id = sessionTag + "-r" + (nextToSend + 1);
                sending = new Sending(id, RequestScript.of(options, id, texts.next()), 0, null, System.nanoTime());
            }
            if (sending.nextDueAt() - System.nanoTime() > 0) {
                return true;
            }
            if (!sendNext()) {
                return false;
            }
        }
    }

    private boolean sendNext() throws InterruptedException {
        RequestScript.Step step = sending.script().steps().get(sending.next());
        boolean first = sending.next() == 0;
        long at = System.nanoTime();
        PendingRequest request = first ? new PendingRequest(sending.id(), at) : sending.request();
        if (step.endsText()) {
            request.textEnded(at);
        }
        if (!connection.send(step.message(), timeoutNanos)) {
            String reason = connection.endReason() != null ? connection.endReason() : "send_failed";
            long now = System.nanoTime();
            if (first) {
                results.record(RequestResult.notSent(reason, now));
                nextToSend++;
            }
            sending = null;
            endEarly(reason, reason, "not_sent", now);
            return false;
        }
        if (first) {
            results.requestSent();
            outstanding.addLast(request);
            nextToSend++;
        }
        sending = sending.advance(request, at);
        if (sending.finished()) {
            sending = null;
        }
        return true;
    }

    /** Returns false when the connection ended. */
    private boolean handle(Event event) {
        switch (event) {
        case Event.Audio audio -> {
            if (receiving == null) {
                results.anomaly("audio_without_start");
            } else {
                receiving.audio(audio.bytes(), audio.at());
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
        if (id != null && withdrawn.contains(id)) {
            return;
        }
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
            receiving = request;
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
        if (sending != null && sending.request() == request) {
            stopSending(failure);
        }
        boolean wasHead = request == outstanding.peekFirst();
        outstanding.remove(request);
        if (receiving == request) {
            receiving = null;
        }
        RequestResult result = request.finish(failure, at);
        results.record(result);
        PendingRequest next = outstanding.peekFirst();
        if (wasHead && next != null) {
            next.previousEnded(at);
        }
        return result;
    }

    /**
     * The server ended the request being streamed before its {@code end} went out. A failure
     * usually answers the first append; if later appends were already sent, one of them may have
     * opened the id again, so it is cancelled, and the replies to that are expected.
     */
    private void stopSending(String failure) {
        if (failure == null) {
            results.anomaly("done_before_end");
        } else if (sending.next() > 1) {
            withdrawn.add(sending.id());
            cancelDue = sending.id();
        }
        sending = null;
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
        receiving = null;
        sending = null;
        while (nextToSend < planned) {
            results.record(RequestResult.notSent(unsentReason, at));
            nextToSend++;
        }
    }
}
