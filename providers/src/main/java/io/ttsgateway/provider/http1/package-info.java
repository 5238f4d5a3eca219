/**
 * A blocking HTTP/1.1 client for streamed provider calls: the call's own thread writes the request
 * and reads the body from the socket, so audio reaches its reader without a selector or executor
 * between them; kept-alive connections wait in a pool.
 */
package io.ttsgateway.provider.http1;
