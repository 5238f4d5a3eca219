/**
 * A load generator for the gateway's WebSocket protocol.
 *
 * <p>Shape of a run: {@link io.ttsgateway.loadgen.LoadGenerator} parses {@link io.ttsgateway.loadgen.Options},
 * optionally parks idle sockets ({@link io.ttsgateway.loadgen.IdleConnections}), then starts one
 * {@link io.ttsgateway.loadgen.SessionRunner} per session, each on its own virtual thread. A runner
 * owns one {@link io.ttsgateway.loadgen.Connection}; the JDK WebSocket listener behind it
 * ({@link io.ttsgateway.loadgen.Inbox}) only timestamps frames and queues them, so the clock is read
 * when a frame arrives rather than when a busy runner gets round to it. Every outcome lands in
 * {@link io.ttsgateway.loadgen.Results}, which {@link io.ttsgateway.loadgen.Summary} and
 * {@link io.ttsgateway.loadgen.Report} turn into numbers and text.
 *
 * <p>A request is sent as its {@link io.ttsgateway.loadgen.RequestScript}: one {@code synthesize}
 * ({@code --input whole}), or, for streaming input ({@code --input stream}), the text cut into
 * words ({@link io.ttsgateway.loadgen.Tokens}) sent as {@code append} messages at an LLM's pace,
 * then {@code end}. Time to first byte counts from the request's first message in both, so the two
 * compare what a caller hears for the same reply; stream input also records when the text was
 * complete and whether audio came before that.
 *
 * <p>Every wait is bounded: connecting, each send, each request, the close handshake, and the run as
 * a whole; a run that meets a dead server still ends and reports.
 *
 * <p>Accounting rule: every planned request ends with exactly one outcome, either completed or a
 * failure reason, so {@code completed + failed == sessions * requests}.
 *
 * <p>The text being spoken is never printed; neither is the API key.
 */
package io.ttsgateway.loadgen;
