/**
 * The audio toolkit: formats the gateway speaks, 16-bit PCM helpers and a streaming resampler
 * that keeps its state across chunks so that conversion never leaves seams between them.
 */
package io.ttsgateway.audio;
