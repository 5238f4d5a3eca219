package io.ttsgateway.loadgen.streams;

/**
 * A process whose CPU and memory the report gives, from {@code --watch name=pid}.
 *
 * @param name as the report names it (letters and digits)
 * @param pid  its process id
 */
public record WatchedProcess(String name, long pid) {

    /**
     * Parses {@code name=pid}.
     *
     * @param value the option's value
     * @return the process
     * @throws IllegalArgumentException when malformed
     */
    public static WatchedProcess parse(String value) {
        int eq = value.indexOf('=');
        if (eq > 0 && value.substring(0, eq).matches("[A-Za-z][A-Za-z0-9]*")) {
            try {
                return new WatchedProcess(value.substring(0, eq), Long.parseLong(value.substring(eq + 1)));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--watch takes name=pid, not '" + value + "'");
    }
}
