package io.ttsgateway.observe.trace;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of the gateway's spans. Low-cardinality values only, and never a request's text.
 */
final class TraceAttributes {

    /** Request span name. */
    static final String REQUEST_SPAN = "tts.synthesize";
    /** Provider attempt span name. */
    static final String PROVIDER_SPAN = "tts.provider.call";

    /** Where the request came in: {@code websocket} or {@code http}. */
    static final AttributeKey<String> API = AttributeKey.stringKey("tts.api");
    /** The client's request id, when it gave one (the id the failure log names). */
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("tts.request.id");
    /** The provider asked for. */
    static final AttributeKey<String> PROVIDER_REQUESTED = AttributeKey.stringKey("tts.provider.requested");
    /** The provider in use: the one asked for, or the fallback it moved to. */
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("tts.provider");
    static final AttributeKey<String> VOICE = AttributeKey.stringKey("tts.voice");
    static final AttributeKey<String> FORMAT = AttributeKey.stringKey("tts.format");
    static final AttributeKey<Boolean> STREAMED = AttributeKey.booleanKey("tts.streamed");
    /** Characters of the text (never the text). */
    static final AttributeKey<Long> CHARACTERS = AttributeKey.longKey("tts.characters");
    /** {@code hit}: every segment from the cache; {@code miss}: none; {@code partial}: some. */
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("tts.cache");
    /** The provider the request fell back from (the one asked for). */
    static final AttributeKey<String> FALLBACK_FROM = AttributeKey.stringKey("tts.fallback.from");
    /** {@code cache} or the provider whose audio reached the client first, as in {@code start.source}. */
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("tts.source");
    /** Milliseconds from the request's start to its first audio reaching the client. */
    static final AttributeKey<Double> FIRST_BYTE_MS = AttributeKey.doubleKey("tts.first_byte_ms");
    /** {@code completed}, {@code cancelled} or {@code failed}. */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tts.outcome");
    /** The error code of a failure, as the client gets it. */
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("tts.error.code");
    /** OpenTelemetry's semantic convention for the class of an error: the same code. */
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** 1 for the provider asked for, 2 for the first fallback, ... */
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tts.attempt");

    private TraceAttributes() {
    }
}
