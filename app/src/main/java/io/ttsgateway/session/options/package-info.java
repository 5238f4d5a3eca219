/**
 * What a request asks for, resolved: its options laid over the connection's query-string
 * defaults, to the provider that speaks it and how every segment is spoken
 * ({@link io.ttsgateway.session.options.RequestSpec}).
 */
package io.ttsgateway.session.options;
