package io.ttsgateway.loadgen.streams;

/**
 * A watched process's use over the measured round.
 *
 * @param name         as the report names it
 * @param cpuNanos     CPU time, user and system
 * @param rssBeforeKib resident memory when the round started
 * @param rssPeakKib   the highest sampled during the round
 * @param rssAfterKib  when the round ended
 */
public record ProcessUse(String name, long cpuNanos, long rssBeforeKib, long rssPeakKib, long rssAfterKib) {
}
