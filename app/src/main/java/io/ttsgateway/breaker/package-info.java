/**
 * Circuit breakers of the providers: a {@link io.ttsgateway.breaker.ProviderBreaker} per provider
 * keeps requests away from a provider after a run of retryable failures, lets one trial request
 * through after a cool-down, and reports every change of state to a
 * {@link io.ttsgateway.breaker.BreakerListener}.
 */
package io.ttsgateway.breaker;
