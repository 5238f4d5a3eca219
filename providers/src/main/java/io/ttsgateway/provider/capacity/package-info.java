/**
 * Admission to a provider with a bounded capacity: a request over the bound is refused at once as
 * busy, before it waits for anything, so the requests admitted keep their latency.
 */
package io.ttsgateway.provider.capacity;
