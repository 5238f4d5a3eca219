package io.ttsgateway.loadgen;

import java.util.Map;

/**
 * The state of the idle connections when the load finished.
 *
 * @param requested    connections asked for
 * @param opened       connections that opened
 * @param openAtEnd    connections still open when the load finished
 * @param openFailures why connections did not open
 * @param ends         why opened connections ended during the run, e.g. {@code closed:1013}
 */
public record IdleSummary(int requested, int opened, int openAtEnd, Map<String, Long> openFailures,
                          Map<String, Long> ends) {
}
