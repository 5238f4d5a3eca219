package io.ttsgateway.cartesia;

/**
 * Where the gateway's speed factor (1.0 normal; the gateway allows 0.25-4.0) goes in a Cartesia
 * request. Cartesia has three speed controls, and which one a request uses depends on the model and
 * the API version:
 *
 * <ul>
 *     <li>{@code sonic-3} models (any version): {@code generation_config.speed}, a factor documented
 *     for 0.6-1.5; the gateway's factor is sent as is, clamped to that range. The definitions say
 *     {@code generation_config} has no effect on earlier models, so it is used for sonic-3 only.</li>
 *     <li>Other models, versions before {@value #FIRST_MODEL_SPEED_VERSION} (2024-06-10,
 *     2024-11-13): {@code voice.__experimental_controls.speed}, a number from -1.0 (slowest) through
 *     0.0 (normal) to 1.0 (fastest). Cartesia gives no factor for its ends, so the factor is mapped
 *     on a log scale, {@code log2(factor)} clamped to -1..1: half speed is the slowest, double speed
 *     the fastest, 1.25 is 0.32.</li>
 *     <li>Other models, {@value #FIRST_MODEL_SPEED_VERSION} and later, whose voice specifier has no
 *     experimental controls: the top-level {@code speed}, {@code slow}, {@code normal} or
 *     {@code fast}. Factors below {@value #SLOW_BELOW} are {@code slow}, above {@value #FAST_ABOVE}
 *     {@code fast}, the rest {@code normal}.</li>
 * </ul>
 *
 * @param config       {@code generation_config.speed}, or {@code null}
 * @param experimental {@code voice.__experimental_controls.speed}, or {@code null}
 * @param named        top-level {@code speed}, or {@code null}
 */
record CartesiaSpeed(Double config, Double experimental, String named) {

    /** The model family that takes {@code generation_config}. */
    static final String SONIC_3 = "sonic-3";
    /** Lowest {@code generation_config.speed}. */
    static final double MIN_CONFIG_SPEED = 0.6;
    /** Highest {@code generation_config.speed}. */
    static final double MAX_CONFIG_SPEED = 1.5;
    /** The first version without {@code voice.__experimental_controls}, leaving the named {@code speed}. */
    static final String FIRST_MODEL_SPEED_VERSION = "2025-04-16";
    /** Factors below this are {@code slow}. */
    static final double SLOW_BELOW = 0.9;
    /** Factors above this are {@code fast}. */
    static final double FAST_ABOVE = 1.1;
    /** Range of the experimental control, either side of 0.0 (normal). */
    static final double EXPERIMENTAL_LIMIT = 1.0;
    /** Decimals kept of the experimental control: finer steps make no audible difference. */
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
        if (isSonic3(modelId)) {
            return new CartesiaSpeed(Math.clamp(factor, MIN_CONFIG_SPEED, MAX_CONFIG_SPEED), null, null);
        }
        if (version.compareTo(FIRST_MODEL_SPEED_VERSION) < 0) {
            double log = Math.log(factor) / Math.log(2);
            double clamped = Math.clamp(log, -EXPERIMENTAL_LIMIT, EXPERIMENTAL_LIMIT);
            return new CartesiaSpeed(null, Math.round(clamped * EXPERIMENTAL_STEP) / EXPERIMENTAL_STEP, null);
        }
        String named = factor < SLOW_BELOW ? "slow" : factor > FAST_ABOVE ? "fast" : "normal";
        return new CartesiaSpeed(null, null, named);
    }

    /**
     * Whether a model is of the sonic-3 family ({@code sonic-3} or a dated snapshot of it).
     *
     * @param modelId the model
     * @return true for sonic-3 models
     */
    static boolean isSonic3(String modelId) {
        return modelId.equals(SONIC_3) || modelId.startsWith(SONIC_3 + "-");
    }
}
