package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the sessions observed, collected from many threads at once.
 */
public final class Results {

    private final ConcurrentLinkedQueue<RequestResult> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> anomalies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sessionsLost = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder connected = new LongAdder();

    /**
     * Records the outcome of a planned request; called exactly once per planned request.
     *
     * @param result the outcome
     */
    public void record(RequestResult result) {
        requests.add(result);
    }

    /** A request's first message (its {@code synthesize}, or its first {@code append}) went out. */
    public void requestSent() {
        sent.increment();
    }

    /** A session's connection opened. */
    public void sessionConnected() {
        connected.increment();
    }

    /**
     * A session's connection was ended by the server or the network before the session closed it,
     * e.g. {@code closed:1013} when the server is at its session limit.
     *
     * @param reason how it ended
     */
    public void sessionLost(String reason) {
        sessionsLost.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /**
     * Something the protocol says should not happen, e.g. a {@code done} for an unknown request.
     * Counted, not fatal: the point is to notice server misbehaviour under load.
     *
     * @param kind short name
     */
    public void anomaly(String kind) {
        anomalies.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * Outcomes recorded so far.
     *
     * @return a copy
     */
    public List<RequestResult> requests() {
        return new ArrayList<>(requests);
    }

    /**
     * Requests whose first message went out.
     *
     * @return count
     */
    public long sent() {
        return sent.sum();
    }

    /**
     * Sessions whose connection opened.
     *
     * @return count
     */
    public long connected() {
        return connected.sum();
    }

    /**
     * Anomalies by kind.
     *
     * @return sorted copy
     */
    public Map<String, Long> anomalies() {
        return snapshot(anomalies);
    }

    /**
     * Sessions whose connection the server or network ended, by how.
     *
     * @return sorted copy
     */
    public Map<String, Long> sessionsLost() {
        return snapshot(sessionsLost);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}
