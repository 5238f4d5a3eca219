package io.ttsgateway.loadgen;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of a finished run.
 *
 * @param options             what was asked for
 * @param sessionsConnected   sessions whose connection opened
 * @param sessionsLost        sessions whose connection the server or network ended, by how
 * @param planned             requests planned
 * @param sent                requests whose first message went out
 * @param completed           requests done with status {@code completed}
 * @param failures            failed requests by reason, most frequent first
 * @param failedAfterAudio    failed requests that had received audio: failures partway, never a refusal
 * @param refusals            time from the first message to the failure of failed requests that received
 *                            no audio (refused or failed before starting), or null when none
 * @param ttfb                time to first byte of completed requests, from their first message, or null when none
 * @param total               time from the first message to done of completed requests, or null when none
 * @param textComplete        time from the first {@code append} to sending {@code end} of completed streamed
 *                            requests, or null when none (whole input)
 * @param firstAudioBeforeEnd completed requests whose first audio arrived before their {@code end} was sent
 * @param audioBytes          audio bytes received, all requests
 * @param wallNanos           from the first session's start to the last outcome
 * @param idle                the idle connections when the load finished
 * @param anomalies           protocol surprises by kind
 * @param stoppedAtDeadline   whether sessions had to be interrupted by the run's overall deadline
 */
public record Summary(Options options,
                      long sessionsConnected,
                      Map<String, Long> sessionsLost,
                      long planned,
                      long sent,
                      long completed,
                      Map<String, Long> failures,
                      long failedAfterAudio,
                      Latency refusals,
                      Latency ttfb,
                      Latency total,
                      Latency textComplete,
                      long firstAudioBeforeEnd,
                      long audioBytes,
                      long wallNanos,
                      IdleSummary idle,
                      Map<String, Long> anomalies,
                      boolean stoppedAtDeadline) {

    /** 24 kHz, 16-bit, mono: the gateway's default pcm_24000 format. */
    public static final long AUDIO_BYTES_PER_SECOND = 24_000 * 2;

    /**
     * Computes the summary.
     *
     * @param options           the run's options
     * @param results           what the sessions recorded
     * @param startedAt         nano time the sessions were started
     * @param finishedAt        nano time the last session ended, used if nothing was recorded
     * @param idle              the idle connections when the load finished
     * @param stoppedAtDeadline whether the overall deadline cut the run short
     * @return the summary
     */
    public static Summary of(Options options, Results results, long startedAt, long finishedAt,
                             IdleSummary idle, boolean stoppedAtDeadline) {
        List<RequestResult> requests = results.requests();
        long lastEnded = startedAt;
        long audio = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (RequestResult request : requests) {
            audio += request.audioBytes();
            if (request.endedAt() - lastEnded > 0) {
                lastEnded = request.endedAt();
            }
            if (!request.completed()) {
                failures.merge(request.failure(), 1L, Long::sum);
            }
        }
        List<RequestResult> completed = requests.stream().filter(RequestResult::completed).toList();
        List<RequestResult> failed = requests.stream().filter(r -> !r.completed()).toList();
        long failedAfterAudio = failed.stream().filter(r -> r.ttfbNanos() != RequestResult.NONE).count();
        Latency refusals = Latency.of(failed.stream().filter(r -> r.ttfbNanos() == RequestResult.NONE)
                                              .mapToLong(RequestResult::totalNanos)
                                              .filter(nanos -> nanos != RequestResult.NONE).toArray());
        Latency ttfb = Latency.of(completed.stream().mapToLong(RequestResult::ttfbNanos)
                                          .filter(nanos -> nanos != RequestResult.NONE).toArray());
        Latency total = Latency.of(completed.stream().mapToLong(RequestResult::totalNanos).toArray());
        Latency textComplete = Latency.of(completed.stream().mapToLong(RequestResult::textCompleteNanos)
                                                  .filter(nanos -> nanos != RequestResult.NONE).toArray());
        long audioBeforeEnd = completed.stream().filter(RequestResult::firstAudioBeforeEnd).count();
        // The last outcome, not the last thread: closing sockets afterwards is not load.
        long wall = requests.isEmpty() ? finishedAt - startedAt : lastEnded - startedAt;
        return new Summary(options, results.connected(), results.sessionsLost(), options.plannedRequests(),
                           results.sent(), completed.size(), byCount(failures), failedAfterAudio, refusals, ttfb, total, textComplete,
                           audioBeforeEnd, audio,
                           Math.max(wall, 1), idle, results.anomalies(), stoppedAtDeadline);
    }

    /**
     * Requests that did not complete.
     *
     * @return count
     */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Wall time in seconds.
     *
     * @return seconds
     */
    public double wallSeconds() {
        return wallNanos / 1e9;
    }

    /**
     * Completed requests per wall second.
     *
     * @return rate
     */
    public double completedPerSecond() {
        return completed / wallSeconds();
    }

    /**
     * Seconds of audio received per wall second: above 1 means faster than real time.
     *
     * @return ratio
     */
    public double audioSecondsPerSecond() {
        return (double) audioBytes / AUDIO_BYTES_PER_SECOND / wallSeconds();
    }

    private static Map<String, Long> byCount(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }
}
