package io.ttsgateway.provider.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLHandshakeException;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/** One request to a provider's HTTP API, its response awaited within a bound. */
final class HttpExchange {

    private static final Logger LOGGER = Logger.getLogger(HttpExchange.class.getName());

    private HttpExchange() {
    }

    /** Adds the headers and builds; a header the client refuses (the key) is reported without its value. */
    static HttpRequest build(String provider, HttpRequest.Builder builder, Map<String, String> headers)
            throws ProviderException {
        try {
            headers.forEach(builder::header);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, provider + " API key is malformed");
        }
    }

    /** Sends and awaits the response; sent once more only when a pooled connection died before any answer. */
    static <T> HttpResponse<T> send(HttpClient client, String provider, HttpRequest request,
                                    HttpResponse.BodyHandler<T> body, long waitMillis)
            throws ProviderException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            AtomicBoolean answered = new AtomicBoolean();
            CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, info -> {
                answered.set(true);
                return body.apply(info);
            });
            try {
                return future.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS,
                                            provider + " sent no response in " + waitMillis + " ms", null);
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException cause ? cause : new IOException(e.getCause());
                if (answered.get()) {
                    throw ProviderErrors.dropped(provider, io.getClass().getSimpleName());
                }
                if (attempt > 1 || !deadPooledConnection(io)) {
                    throw ProviderErrors.unreachable(provider, io);
                }
                LOGGER.log(Level.FINE, "{0} connection closed before a response ({1}); sending once more",
                           new Object[] {provider, io.getClass().getSimpleName()});
            }
        }
    }

    /** Refused connections, unknown hosts, TLS and timeouts would only fail again the same way. */
    private static boolean deadPooledConnection(IOException e) {
        return !(e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof HttpTimeoutException || e instanceof SSLHandshakeException);
    }
}
