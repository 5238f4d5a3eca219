package io.ttsgateway.elevenlabs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * One request over HTTP streaming: {@code POST /v1/text-to-speech/{voice_id}/stream}, or
 * {@code /stream/with-timestamps} when word timings are wanted (newline-separated JSON objects with
 * base64 audio and character timings in seconds). A virtual thread reads the chunked body and
 * pushes each piece into the request's inbox as it arrives; closing the stream early closes the
 * response, which cuts the connection, which is how ElevenLabs learns of the cancel.
 */
final class HttpSynthesis implements AudioInbox.Owner {

    private static final Logger LOGGER = Logger.getLogger(HttpSynthesis.class.getName());
    /** Read size of the audio body: a few tens of milliseconds of audio, handed on at once. */
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    /** Error bodies are short JSON; anything longer is not read. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** Slack over connect plus first-byte time before giving up on response headers. */
    private static final long HEADERS_WAIT_SLACK_MILLIS = 2000;

    private final ElevenLabsProvider provider;
    private final ResolvedRequest request;
    private final String previousText;
    private final OutputPlan plan;
    private final AudioInbox inbox;
    private final Consumer<HttpSynthesis> onEnd;
    private final WordAligner aligner;
    private final Thread pump;
    private volatile boolean stopped;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream body;
    private long deliveredBytes;
    /** Whether this response's timings restart at every line; decided on the first line that tells. */
    private Boolean relativeTimes;

    private HttpSynthesis(ElevenLabsProvider provider, ResolvedRequest request, String previousText, OutputPlan plan,
                          Consumer<HttpSynthesis> onEnd) {
        this.provider = provider;
        this.request = request;
        this.previousText = previousText;
        this.plan = plan;
        this.onEnd = onEnd;
        this.inbox = new AudioInbox(ElevenLabsProvider.NAME, plan.produced(), provider.settings().timeouts(), this);
        this.aligner = request.timestamps() ? new WordAligner() : null;
        this.pump = Thread.ofVirtual().name("elevenlabs-http").unstarted(this::run);
    }

    /**
     * Prepares a request; {@link #begin()} sends it. Two steps, so that the caller can track the
     * request before its thread can end.
     *
     * @param provider the provider
     * @param request  the request
     * @param onEnd    told when the request's thread ended
     * @return the request, not sent yet
     * @throws ProviderException when the format cannot be produced
     */
    static HttpSynthesis create(ElevenLabsProvider provider, ResolvedRequest request, Consumer<HttpSynthesis> onEnd)
            throws ProviderException {
        return create(provider, request, null, onEnd);
    }

    /**
     * Prepares a request that continues earlier text; {@link #begin()} sends it.
     *
     * @param provider     the provider
     * @param request      the request
     * @param previousText the text spoken before it ({@code previous_text}), or {@code null}
     * @param onEnd        told when the request's thread ended
     * @return the request, not sent yet
     * @throws ProviderException when the format cannot be produced
     */
    static HttpSynthesis create(ElevenLabsProvider provider, ResolvedRequest request, String previousText,
                                Consumer<HttpSynthesis> onEnd) throws ProviderException {
        return new HttpSynthesis(provider, request, previousText, OutputPlan.forHttp(request.wanted()), onEnd);
    }

    /**
     * Sends the request on its own virtual thread; returns at once.
     *
     * @return this
     */
    HttpSynthesis begin() {
        pump.start();
        return this;
    }

    /**
     * The caller's stream, in the format it asked for.
     *
     * @return the stream
     */
    AudioStream stream() {
        return OutputPlan.deliver(inbox, request.wanted());
    }

    /**
     * Fails the request and stops it (its session or provider closed).
     *
     * @param error what the reader gets
     */
    void abort(ProviderException error) {
        inbox.fail(error);
        stop();
    }

    @Override
    public void released(AudioInbox released, boolean finished) {
        if (!finished) {
            stop();
        }
    }

    private void stop() {
        stopped = true;
        CompletableFuture<HttpResponse<InputStream>> future = pending;
        if (future != null) {
            future.cancel(true);
        }
        closeBody();
        pump.interrupt();
    }

    private void run() {
        try {
            HttpResponse<InputStream> response = exchange();
            if (response == null) {
                return;
            }
            body = response.body();
            if (stopped) {
                return;
            }
            if (response.statusCode() != 200) {
                failWithBody(response.statusCode());
                return;
            }
            if (request.timestamps()) {
                readLines();
            } else {
                readAudio();
            }
            if (!stopped) {
                if (aligner != null) {
                    alignWords(aligner.finish());
                }
                inbox.finish();
            }
        } catch (IOException e) {
            if (!stopped) {
                inbox.fail(inbox.receivedAudio() ? ProviderErrors.dropped(ElevenLabsProvider.NAME, "response cut")
                                                 : ProviderErrors.unreachable(ElevenLabsProvider.NAME, e));
            }
        } catch (InterruptedException e) {
            if (!stopped) {
                inbox.fail(ElevenLabsSession.sessionClosed());
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, ElevenLabsProvider.NAME + " HTTP stream failed", e);
            inbox.fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                             ElevenLabsProvider.NAME + " answered unexpectedly", e));
        } finally {
            closeBody();
            onEnd.accept(this);
        }
    }

    /**
     * Sends the request and waits for the response headers. A pooled connection that turned out
     * dead fails before any response; that, and only that, is tried once more.
     *
     * @return the response, or {@code null} when the request failed or was stopped (already reported)
     */
    private HttpResponse<InputStream> exchange() throws InterruptedException {
        HttpRequest httpRequest = httpRequest();
        long wait = provider.settings().timeouts().connect().toMillis()
                + provider.settings().timeouts().firstByte().toMillis() + HEADERS_WAIT_SLACK_MILLIS;
        for (int attempt = 0; ; attempt++) {
            if (stopped) {
                return null;
            }
            CompletableFuture<HttpResponse<InputStream>> future =
                    provider.httpClient().sendAsync(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            pending = future;
            try {
                return future.get(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            } catch (TimeoutException e) {
                future.cancel(true);
                inbox.fail(new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS,
                                                 ElevenLabsProvider.NAME + " sent no response in " + wait + " ms",
                                                 null));
                return null;
            } catch (ExecutionException e) {
                if (stopped) {
                    return null;
                }
                Throwable cause = e.getCause();
                IOException io = cause instanceof IOException ioe ? ioe : new IOException(cause);
                boolean staleConnection = !(io instanceof ConnectException)
                        && !(io instanceof HttpConnectTimeoutException);
                if (attempt == 0 && staleConnection) {
                    LOGGER.log(Level.FINE, ElevenLabsProvider.NAME + " request failed before any response; resending",
                               io);
                    continue;
                }
                inbox.fail(ProviderErrors.unreachable(ElevenLabsProvider.NAME, io));
                return null;
            }
        }
    }

    private HttpRequest httpRequest() {
        // The voice id was checked to be a plain identifier: nothing to escape.
        String path = "/v1/text-to-speech/" + request.voice() + "/stream"
                + (request.timestamps() ? "/with-timestamps" : "") + "?output_format=" + plan.outputFormat();
        URI uri = Endpoints.http(provider.base(), path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ElevenLabsMessages.httpBody(request, previousText),
                                                          StandardCharsets.UTF_8));
        provider.authHeaders().forEach(builder::header);
        return builder.build();
    }

    private void failWithBody(int status) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ERROR_BODY_BYTES);
        JsonNode parsed = null;
        try {
            parsed = ElevenLabsMessages.JSON.readTree(bytes);
        } catch (IOException e) {
            // Not JSON (a proxy's page): the status alone decides.
        }
        inbox.fail(ElevenLabsErrors.forHttp(status, ElevenLabsErrors.httpCode(parsed)));
    }

    private void readAudio() throws IOException {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int n;
        while (!stopped && (n = body.read(buffer)) >= 0) {
            if (n > 0 && !inbox.push(Arrays.copyOf(buffer, n))) {
                return;
            }
        }
    }

    private void readLines() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while (!stopped && (line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode chunk;
            try {
                chunk = ElevenLabsMessages.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                inbox.fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ElevenLabsProvider.NAME
                        + " sent a timestamp line that is not JSON"));
                return;
            }
            if (!deliverLine(chunk)) {
                return;
            }
        }
    }

    private boolean deliverLine(JsonNode chunk) {
        JsonNode audio = chunk.get("audio_base64");
        byte[] bytes = new byte[0];
        if (audio != null && audio.isTextual()) {
            try {
                bytes = Base64.getDecoder().decode(audio.asText());
            } catch (IllegalArgumentException e) {
                inbox.fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ElevenLabsProvider.NAME
                        + " sent audio that is not base64"));
                return false;
            }
        }
        long deliveredMs = deliveredBytes * 1000 / plan.produced().bytesPerSecond();
        deliveredBytes += bytes.length;
        if (bytes.length > 0 && !inbox.push(bytes)) {
            return false;
        }
        CharAlignment alignment = CharAlignment.fromHttp(chunk);
        if (alignment != null && !alignment.isEmpty()) {
            alignWords(aligner.add(alignment, offsetOf(alignment, deliveredMs)));
        }
        return true;
    }

    /**
     * Where a line's timings start. The docs do not say whether {@code with-timestamps} timings are
     * relative to the line or to the whole response, so the first line after some audio decides:
     * timings that start well before the audio already delivered restart at every line.
     */
    private long offsetOf(CharAlignment alignment, long deliveredMs) {
        if (relativeTimes == null && deliveredMs > 0) {
            relativeTimes = alignment.startMs()[0] < deliveredMs / 2;
        }
        return Boolean.TRUE.equals(relativeTimes) ? deliveredMs : 0;
    }

    private void alignWords(io.ttsgateway.provider.WordAlignment words) {
        if (!words.isEmpty()) {
            inbox.align(words);
        }
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "Closing an " + ElevenLabsProvider.NAME + " response failed", e);
            }
        }
    }
}
