/**
 * What the cloud provider clients share: the WebSocket, the streamed HTTP call, the inbox that turns
 * pushed audio into a pulled stream within timeouts, endpoints, voice lists and the error mapping.
 */
package io.ttsgateway.provider.net;
