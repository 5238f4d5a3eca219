/**
 * One WebSocket connection = one session.
 *
 * <p>Threading: Helidon's reader thread (one virtual thread per socket) runs
 * {@link io.ttsgateway.session.TtsSession}'s callbacks: it reassembles and parses each message and
 * hands it to the {@link io.ttsgateway.session.MessageDispatcher}, which admits, resolves and queues
 * requests; it never waits, so a cancel is read while audio streams. Each request synthesizes on
 * its own virtual thread (its {@link io.ttsgateway.session.producer.Producer}) into a bounded
 * buffer; one delivery thread per busy session moves the audio of the request at the head of the
 * {@link io.ttsgateway.session.RequestQueue}, in order, into the session's
 * {@link io.ttsgateway.session.Outbound}, whose one writer thread is the only one that writes to
 * the socket. The reader thread never waits for the socket; a client that stops reading is cut
 * after the write timeout. The {@link io.ttsgateway.session.SessionRegistry} holds the live
 * sessions within the session limit, keeps them alive, and drains them all at once on shutdown.
 */
package io.ttsgateway.session;
