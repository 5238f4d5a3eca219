package io.ttsgateway.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.ttsgateway.audio.codec.StreamingEncoder;
import io.ttsgateway.config.ModelAlias;
import io.ttsgateway.keys.ClientGrant;
import io.ttsgateway.keys.KeyRefusal;
import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.quota.SessionCounts;
import io.ttsgateway.session.OneShotSynthesis;
import io.ttsgateway.session.SessionContext;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.session.admission.Admission;
import io.ttsgateway.session.admission.RateLimiter;
import io.ttsgateway.usage.RequestMeter;

/**
 * OpenAI's speech API: {@code POST /v1/audio/speech}, {@code GET /v1/models} and
 * {@code GET /v1/audio/voices}. A speech request runs the WebSocket's pipeline (cache, identical
 * requests in flight, fallback, timeouts, metrics) and streams its audio as it is synthesized;
 * nothing is sent before the first audio, so a failure before it is an error in OpenAI's shape with
 * OpenAI's status. A client that disconnects stops the provider stream.
 */
public final class SpeechEndpoint implements HttpService {

    private static final Logger LOGGER = Logger.getLogger(SpeechEndpoint.class.getName());
    /** Rate-limit buckets kept at most; past it they start over (a full bucket each). */
    private static final int MAX_BUCKETS = 10_000;
    /** {@code cache}, or the provider that made the audio. */
    private static final HeaderName SOURCE = HeaderNames.create("X-TTS-Source");
    /** The providers that failed before the fallback that made the audio, comma-separated; only after a fallback. */
    private static final HeaderName FALLBACK_FROM = HeaderNames.create("X-TTS-Fallback-From");

    private final SessionContext context;
    private final ModelRoutes routes;
    private final ObjectMapper mapper;
    private final Semaphore capacity;
    private final Map<String, RateLimiter> buckets = new ConcurrentHashMap<>();

    /**
     * Creates the endpoint.
     *
     * @param context what sessions share: the pipeline, limits, metrics, client keys
     * @param aliases the configured model aliases
     */
    public SpeechEndpoint(SessionContext context, List<ModelAlias> aliases) {
        this.context = context;
        this.routes = new ModelRoutes(context.synthesizer().providers(), aliases);
        this.mapper = context.mapper();
        this.capacity = new Semaphore(context.limits().maxSessions());
    }

    /**
     * The {@code response_format} values this gateway produces.
     *
     * @return the names
     */
    public static List<String> responseFormats() {
        return ResponseFormat.names();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/audio/speech", this::speech)
                .get("/v1/models", this::models)
                .get("/v1/audio/voices", this::voices);
    }

    private void speech(ServerRequest req, ServerResponse res) throws IOException {
        try {
            ClientGrant client = admit(req);
            SpeechRequest request = SpeechRequest.parse(body(req), mapper, context.limits().maxTextLength());
            ModelRoutes.Route route = routes.resolve(request.model());
            ResponseFormat format = ResponseFormat.of(request.responseFormat());
            if (!capacity.tryAcquire()) {
                throw ApiError.busy("The gateway is at capacity; retry shortly.");
            }
            try (Metered metered = Metered.of(client, route.provider().name(), format, request.input())) {
                LOGGER.fine(() -> "speech request of key " + client.name() + ": " + route.provider().name() + ", "
                        + request.input().length() + " characters, " + format.name());
                synthesize(request, route, format, metered.meter(), context.tracing().parentOf(req.headers()), res);
            } finally {
                capacity.release();
            }
        } catch (ApiError e) {
            sendError(res, e);
        }
    }

    /**
     * A request admitted under its key: its provider and format allowed, a session of the key open
     * while it runs, its characters charged.
     */
    private record Metered(SessionCounts.Lease session, RequestMeter meter) implements AutoCloseable {
        static Metered of(ClientGrant client, String provider, ResponseFormat format, String input) throws ApiError {
            SessionCounts.Lease session = null;
            try {
                client.permit(provider, format.name());
                session = client.openSession();
                return new Metered(session, client.charge(provider, format.pipelineFormat(),
                                                          input.codePointCount(0, input.length())));
            } catch (KeyRefusal e) {
                if (session != null) {
                    session.close();
                }
                throw ApiError.of(Admission.error(e));
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private void synthesize(SpeechRequest request, ModelRoutes.Route route, ResponseFormat format,
                            RequestMeter meter, TraceParent caller, ServerResponse res) throws ApiError, IOException {
        try (OneShotSynthesis synthesis = OneShotSynthesis.of(context, route.provider(), request.input(),
                                                              format.pipelineFormat(),
                                                              route.voiceFor(request.voice()), route.model(),
                                                              request.speed(), meter, caller)) {
            Answer answer = new Answer(synthesis, request, format, res);
            ServerMessages.Status ending = synthesis.run(answer);
            if (ending == ServerMessages.Status.FAILED && !synthesis.audioSent()) {
                throw ApiError.of(synthesis.error());
            }
            if (ending == ServerMessages.Status.CANCELLED && !synthesis.audioSent()) {
                throw ApiError.busy("The request was interrupted.");
            }
            answer.end(ending == ServerMessages.Status.FAILED ? synthesis.error() : null);
        }
    }

    /**
     * The HTTP answer of one request, written on the thread that synthesizes: its headers with the
     * first audio, once the source and any fallback are known; then each chunk as it comes.
     */
    private final class Answer implements OneShotSynthesis.Output {
        private final OneShotSynthesis synthesis;
        private final SpeechRequest request;
        private final ServerResponse res;
        private final StreamingEncoder encoder;
        private final ResponseFormat format;
        private AudioBody body;
        private boolean broken;

        Answer(OneShotSynthesis synthesis, SpeechRequest request, ResponseFormat format, ServerResponse res) {
            this.synthesis = synthesis;
            this.request = request;
            this.format = format;
            this.res = res;
            this.encoder = format.encoder();
        }

        @Override
        public boolean audio(byte[] chunk) {
            try {
                write(open(), encoder.encode(chunk));
                return true;
            } catch (IOException | UncheckedIOException e) {
                LOGGER.log(Level.FINE, "the client left during its answer", e);
                broken = true;
                return false;
            }
        }

        /** Ends the answer: the encoder's tail, or, when the synthesis failed after audio, a cut response. */
        void end(GatewayError failure) throws IOException {
            if (broken) {
                return;
            }
            AudioBody out = open();
            try (out) {
                if (failure == null) {
                    write(out, encoder.finish());
                } else {
                    // Audio was sent: the status cannot change. Cut the response so the client sees it incomplete.
                    LOGGER.log(Level.FINE, "speech request failed after its first audio: " + failure.code().wireName());
                    out.fail(ApiError.of(failure));
                }
            }
        }

        private AudioBody open() {
            if (body == null) {
                res.header(SOURCE, synthesis.source());
                if (!synthesis.fallbackFrom().isEmpty()) {
                    res.header(FALLBACK_FROM, String.join(",", synthesis.fallbackFrom()));
                }
                body = request.sse() ? new SseBody(res, mapper, request.input()) : new ChunkedBody(res, format);
            }
            return body;
        }
    }

    private static void write(AudioBody body, byte[] encoded) throws IOException {
        if (encoded.length > 0) {
            body.write(encoded);
        }
    }

    /** Checks the client key, draining and the rate limit; returns what the client's key may do. */
    private ClientGrant admit(ServerRequest req) throws ApiError {
        Optional<String> presented = context.authenticator().presented(req.prologue(), req.headers());
        ClientGrant grant = context.authenticator().grant(presented).orElseThrow(ApiError::unauthorized);
        if (context.registry().isDraining()) {
            throw ApiError.busy("The gateway is shutting down.");
        }
        String client = presented.map(key -> "key:" + Integer.toHexString(key.hashCode()))
                .orElseGet(() -> "address:" + req.remotePeer().host());
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        RateLimiter bucket = buckets.computeIfAbsent(client, name -> new RateLimiter(
                context.limits().ratePerMinute(), System.nanoTime()));
        boolean allowed;
        synchronized (bucket) {
            allowed = bucket.tryAcquire(System.nanoTime());
        }
        if (!allowed) {
            throw ApiError.rateLimited(context.limits().ratePerMinute());
        }
        return grant;
    }

    private byte[] body(ServerRequest req) throws ApiError, IOException {
        int max = context.limits().maxMessageBytes();
        // A declared length sizes the read; else up to one byte past the limit tells an oversized body.
        long declared = req.headers().contentLength().orElse(-1);
        int wanted = declared >= 0 && declared <= max ? (int) declared : max + 1;
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(wanted);
            if (bytes.length > max) {
                throw ApiError.invalid(null, "The body is larger than " + max + " bytes.");
            }
            return bytes;
        }
    }

    private void models(ServerRequest req, ServerResponse res) throws IOException {
        if (!context.authenticator().allows(req.prologue(), req.headers())) {
            sendError(res, ApiError.unauthorized());
            return;
        }
        ObjectNode list = mapper.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        routes.models().forEach((id, provider) -> data.addObject().put("id", id).put("object", "model")
                .put("created", 0).put("owned_by", provider));
        sendJson(res, Status.OK_200, list);
    }

    private void voices(ServerRequest req, ServerResponse res) throws IOException {
        if (!context.authenticator().allows(req.prologue(), req.headers())) {
            sendError(res, ApiError.unauthorized());
            return;
        }
        ObjectNode list = mapper.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        ArrayNode errors = mapper.createArrayNode();
        for (TtsProvider provider : routes.providers()) {
            try {
                for (Voice voice : provider.voices()) {
                    ObjectNode entry = data.addObject().put("id", voice.id()).put("name", voice.name())
                            .put("provider", provider.name())
                            .put("default", voice.id().equals(provider.defaultVoice()));
                    voice.languages().forEach(entry.putArray("languages")::add);
                    if (voice.gender() != null) {
                        entry.put("gender", voice.gender());
                    }
                }
            } catch (ProviderException e) {
                // One provider's list failing leaves the others listed; the failure is named, not hidden.
                errors.addObject().put("provider", provider.name()).put("message", e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            list.set("errors", errors);
        }
        sendJson(res, Status.OK_200, list);
    }

    private void sendError(ServerResponse res, ApiError error) throws IOException {
        if (error.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        }
        sendJson(res, error.status(), error.body(mapper));
    }

    private void sendJson(ServerResponse res, Status status, ObjectNode body) throws IOException {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(mapper.writeValueAsBytes(body));
        } catch (UncheckedIOException e) {
            LOGGER.log(Level.FINE, "the client left before its answer", e);
        }
    }

    /** Where a request's audio goes: raw bytes or server-sent events. */
    interface AudioBody extends AutoCloseable {
        void write(byte[] chunk) throws IOException;

        void fail(ApiError error) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** The audio bytes, chunked, each chunk flushed as it comes. */
    private static final class ChunkedBody implements AudioBody {
        private final OutputStream out;

        ChunkedBody(ServerResponse res, ResponseFormat format) {
            res.header(HeaderNames.CONTENT_TYPE, format.contentType());
            this.out = res.outputStream();
        }

        @Override
        public void write(byte[] chunk) throws IOException {
            out.write(chunk);
            out.flush();
        }

        @Override
        public void fail(ApiError error) {
            throw new UncheckedIOException(new IOException("synthesis failed mid-stream: " + error.getMessage()));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
