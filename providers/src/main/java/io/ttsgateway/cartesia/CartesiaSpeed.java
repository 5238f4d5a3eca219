package io.ttsgateway.cartesia;

/**
 * Where the gateway's speed factor (1.0 normal, 0.25-4.0) goes in a Cartesia request; which of
 * Cartesia's three controls applies depends on the model and the API version:
 *
 * <ul>
 *     <li>{@code sonic-3} models, any version: {@code generation_config.speed}, documented for
 *     0.6-1.5, the factor clamped to it ({@code generation_config} has no effect on earlier models).</li>
 *     <li>Other models before {@value #FIRST_MODEL_SPEED_VERSION}:
 *     {@code voice.__experimental_controls.speed}, -1.0 (slowest) to 1.0 (fastest). Cartesia gives no
 *     factor for its ends, so it is {@code log2(factor)} clamped to -1..1: half speed is the slowest,
 *     double the fastest, 1.25 is 0.32.</li>
 *     <li>Other models from {@value #FIRST_MODEL_SPEED_VERSION} (no experimental controls): the
 *     top-level {@code speed}: below {@value #SLOW_BELOW} {@code slow}, above {@value #FAST_ABOVE}
 *     {@code fast}, else {@code normal}.</li>
 * </ul>
 *
 * @param config       {@code generation_config.speed}, or {@code null}
 * @param experimental {@code voice.__experimental_controls.speed}, or {@code null}
 * @param named        top-level {@code speed}, or {@code null}
 */
record CartesiaSpeed(Double config, Double experimental, String named) {

    /** The model family that takes {@code generation_config}. */
    static final String SONIC_3 = "sonic-3";
    /** The first version without {@code voice.__experimental_controls}. */
    static final String FIRST_MODEL_SPEED_VERSION = "2025-04-16";
    /** Factors below this are {@code slow}. */
    static final double SLOW_BELOW = 0.9;
    /** Factors above this are {@code fast}. */
    static final double FAST_ABOVE = 1.1;
    private static final double MIN_CONFIG_SPEED = 0.6;
    private static final double MAX_CONFIG_SPEED = 1.5;
    /** Hundredths are kept of the experimental control: finer steps make no audible difference. */
    private static final double EXPERIMENTAL_STEP = 100.0;

    /**
     * The control for a factor.
     *
     * @param factor  the gateway's speed, 1.0 normal
     * @param modelId the model of the request
     * @param version the API version in use
     * @return the speed to send
     */
    static CartesiaSpeed of(double factor, String modelId, String version) {
        if (modelId.equals(SONIC_3) || modelId.startsWith(SONIC_3 + "-")) {
            return new CartesiaSpeed(Math.clamp(factor, MIN_CONFIG_SPEED, MAX_CONFIG_SPEED), null, null);
        }
        if (version.compareTo(FIRST_MODEL_SPEED_VERSION) < 0) {
            double log = Math.clamp(Math.log(factor) / Math.log(2), -1.0, 1.0);
            return new CartesiaSpeed(null, Math.round(log * EXPERIMENTAL_STEP) / EXPERIMENTAL_STEP, null);
        }
        return new CartesiaSpeed(null, null, factor < SLOW_BELOW ? "slow" : factor > FAST_ABOVE ? "fast" : "normal");
    }
}
