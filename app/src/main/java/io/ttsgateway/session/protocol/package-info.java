/**
 * The WebSocket protocol as the session speaks it: a client message reassembled from its fragments
 * within the size limit ({@link io.ttsgateway.session.protocol.MessageAssembly}), parsed and
 * validated ({@link io.ttsgateway.session.protocol.MessageParser}), the server's messages, and the
 * error codes both sides of the gateway (this socket and the HTTP API) report.
 */
package io.ttsgateway.session.protocol;
