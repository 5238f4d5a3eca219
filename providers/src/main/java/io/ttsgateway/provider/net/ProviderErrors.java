package io.ttsgateway.provider.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

import javax.net.ssl.SSLHandshakeException;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * Maps what a provider answered to a {@link ProviderException}. Messages reach clients, so they name
 * the provider, the status and at most a short error code: providers echo parts of the key in theirs.
 */
public final class ProviderErrors {

    /** A provider's error table: the failure an error response stands for, free of the key and the body's text. */
    @FunctionalInterface
    public interface Table {
        /** The failure of a status other than 2xx; the body is bounded and possibly not JSON. */
        ProviderException of(int status, byte[] body);
    }

    private ProviderErrors() {
    }

    /** The kind of failure an HTTP status (of a response or a refused WebSocket upgrade) means. */
    public static ProviderErrorKind kindOf(int status) {
        return switch (status) {
            case 401, 402, 403 -> ProviderErrorKind.AUTH_FAILED;
            case 408 -> ProviderErrorKind.TIMEOUT;
            case 429 -> ProviderErrorKind.RATE_LIMITED;
            default -> status >= 500 ? ProviderErrorKind.UNAVAILABLE
                    : status >= 400 ? ProviderErrorKind.INVALID_REQUEST : ProviderErrorKind.SYNTHESIS_FAILED;
        };
    }

    /** A failure from an HTTP status and the provider's short error code (or {@code null}). */
    public static ProviderException forStatus(String provider, int status, String code) {
        ProviderErrorKind kind = kindOf(status);
        String suffix = code == null || code.isBlank() ? "" : ", " + safeCode(code);
        return new ProviderException(kind, status, provider + " " + what(kind) + " (HTTP " + status + suffix + ")",
                                     null);
    }

    /** What a provider did, for a message beginning with its name: "refused the API key", "timed out". */
    public static String what(ProviderErrorKind kind) {
        return switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "answered unexpectedly";
            case BUSY -> "is at capacity";
        };
    }

    /** The provider could not be reached, or the connection failed: {@code UNAVAILABLE}. */
    public static ProviderException unreachable(String provider, IOException e) {
        String why = switch (e) {
            case ConnectException refused -> "refused the connection";
            case UnknownHostException unknown -> "has an unknown host name";
            case HttpTimeoutException late -> "did not accept the connection in time";
            case SocketTimeoutException late -> "did not accept the connection in time";
            case SSLHandshakeException tls -> "failed the TLS handshake";
            default -> "connection failed";
        };
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                     provider + " " + why, e);
    }

    /** The provider closed the connection before the request's audio ended: {@code UNAVAILABLE}. */
    public static ProviderException dropped(String provider, String detail) {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                     provider + " closed the connection mid-stream (" + detail + ")", null);
    }

    /** A request refused because its provider, or the session it was made on ({@code owner}), was closed. */
    public static ProviderException closed(String provider, String owner) {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " " + owner + " is closed");
    }

    /** A provider's error code if it looks like one (letters, digits, a few separators, short), else a placeholder. */
    public static String safeCode(String code) {
        if (code == null || code.length() > 64 || !code.matches("[A-Za-z0-9_.+\\- ]+")) {
            return "unrecognized error";
        }
        return code;
    }
}
