/**
 * How a session's audio goes out in time: cut into frames of what a client plays at once
 * ({@link io.ttsgateway.session.playout.AudioFramer}), and held to a lead over real time
 * ({@link io.ttsgateway.session.playout.PlayoutClock}), both set by a
 * {@link io.ttsgateway.session.playout.PlayoutSettings}. Nothing here knows the socket or waits.
 */
package io.ttsgateway.session.playout;
