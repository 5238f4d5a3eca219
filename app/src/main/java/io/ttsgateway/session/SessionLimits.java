package io.ttsgateway.session;

import java.time.Duration;

import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.text.SegmentSchedule;

/**
 * Limits that protect the server from one connection.
 *
 * @param maxTextLength      longest text of one request, in characters
 * @param maxMessageBytes    largest text message, fragments reassembled, in UTF-8 bytes
 * @param ratePerMinute      synthesize messages accepted per minute per connection
 * @param maxQueuedRequests  requests queued or in flight per connection
 * @param lookahead          requests synthesized ahead of the one playing
 * @param requestBufferBytes audio buffered per request ahead of the socket
 * @param stallTimeout       longest wait for the next chunk of audio
 * @param pingInterval       interval of server pings to quiet connections
 * @param maxSessions        concurrent connections accepted
 * @param segmentSchedule    where streaming input is cut into segments
 * @param streamIdleTimeout  longest wait for the next text of a streamed request
 * @param writeTimeout       longest a client's socket may take nothing while frames wait for it
 * @param maxBufferedBytes   bytes queued for a client's socket before its audio waits
 * @param playout            how a session's audio is framed and held to its client's playback
 */
public record SessionLimits(int maxTextLength,
                            int maxMessageBytes,
                            int ratePerMinute,
                            int maxQueuedRequests,
                            int lookahead,
                            int requestBufferBytes,
                            Duration stallTimeout,
                            Duration pingInterval,
                            int maxSessions,
                            SegmentSchedule segmentSchedule,
                            Duration streamIdleTimeout,
                            Duration writeTimeout,
                            int maxBufferedBytes,
                            PlayoutSettings playout) {
}
