/**
 * A synthetic provider that speaks a sine tone with a scripted first-byte delay and pace. It needs
 * nothing and costs no CPU, so it measures the gateway itself: the load generator runs against it,
 * and tests use it where they need audio of a known length and timing.
 */
package io.ttsgateway.tone;
