/**
 * Configuration: {@code application.yaml} plus the environment variables of the xRx TTS module,
 * resolved once at start-up into typed records. Anything invalid stops start-up with a message that
 * names the variable to set.
 */
package io.ttsgateway.config;
