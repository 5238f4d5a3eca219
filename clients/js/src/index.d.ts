// Types of the tts-gateway JavaScript client (index.js). Protocol: docs/protocol.md.

/** Error codes the gateway sends (in `error` messages, a failed `done`, or HTTP 401 at the upgrade). */
export type ProtocolErrorCode =
    | 'invalid_message'
    | 'message_too_large'
    | 'text_too_long'
    | 'duplicate_request'
    | 'queue_full'
    | 'rate_limit_exceeded'
    | 'quota_exceeded'
    | 'forbidden'
    | 'unknown_provider'
    | 'unsupported_format'
    | 'input_timeout'
    | 'invalid_request'
    | 'provider_auth_failed'
    | 'provider_rate_limited'
    | 'provider_unavailable'
    | 'provider_timeout'
    | 'synthesis_failed'
    | 'server_busy'
    | 'unauthorized';

/**
 * Error codes made by the client itself:
 * - `connection_failed` (retryable): the socket could not be opened (a browser cannot tell a
 *   refused key from any other refusal; in Node with `ws` a 401 is `unauthorized`, a 503 `server_busy`);
 * - `connection_lost` (retryable): the socket closed while the request was in flight; the client
 *   does not send it again (it may have been spoken in part);
 * - `client_closed`: the client was closed, or gave up reconnecting, before the request was sent.
 */
export type ClientErrorCode = 'connection_failed' | 'connection_lost' | 'client_closed';

export type ErrorCode = ProtocolErrorCode | ClientErrorCode;

/** A failure, with the protocol's code or the client's own. */
export class TtsError extends Error {
    constructor(code: ErrorCode | string, message: string,
                details?: {retryable?: boolean; requestId?: string | null; retryAfterMs?: number | null;
                           cause?: unknown});
    readonly name: 'TtsError';
    /** The error code; a newer gateway may send codes not listed here. */
    readonly code: ErrorCode | (string & {});
    /** Whether the same request may succeed if sent again later. */
    readonly retryable: boolean;
    /** The request it belongs to, when it belongs to one. */
    readonly requestId: string | null;
    /** How long to wait before sending it again, when the gateway said (`quota_exceeded`); else null. */
    readonly retryAfterMs: number | null;
}

/** `pcm_<rate>`, `wav_<rate>` (rates 8000, 16000, 22050, 24000, 44100, 48000), `ulaw_8000`, `alaw_8000`. */
export type AudioFormat = `pcm_${number}` | `wav_${number}` | 'ulaw_8000' | 'alaw_8000';

/** Options of a request; those given to `connect()` are the defaults of every request of the client. */
export interface RequestOptions {
    /** A provider the gateway offers (`GET /api/v1/providers`). */
    provider?: string;
    voice?: string;
    model?: string;
    format?: AudioFormat | (string & {});
    /** 0.25 to 4.0; 1.0 is normal. */
    speed?: number;
    /** ISO 639-1, optionally with a region: `en`, `pt-BR`. */
    language?: string;
    /** Ask for `alignment` messages (word timings), for providers that give them. */
    timestamps?: boolean;
}

export interface SpeakOptions extends RequestOptions {
    /** 1 to 128 characters, unique among the client's unfinished requests; made up by the client when absent. */
    requestId?: string;
}

export interface ReconnectOptions {
    /** Delay before the first attempt (the delay doubles on each attempt; half of it is random). Default 250. */
    initialDelayMs?: number;
    /** Longest delay between two attempts. Default 10000. */
    maxDelayMs?: number;
    /** Attempts before the client gives up and closes. Default Infinity. */
    maxAttempts?: number;
}

/** Anything constructed like the standard WebSocket (the browser's, Node 22's, or the `ws` package). */
export type WebSocketConstructor = new (url: string, ...rest: any[]) => any;

export interface ConnectOptions extends RequestOptions {
    /**
     * Client API key, when the gateway has `GATEWAY_API_KEYS`: sent as `Authorization: Bearer` with
     * the `ws` package, else (browsers, Node 22's WebSocket) as the `api_key` query parameter.
     */
    apiKey?: string;
    /**
     * Where the key goes. Default: `header` in Node with an implementation other than the global
     * WebSocket (taken to be `ws`, which takes `{headers}` as its second argument), else `query`.
     */
    apiKeyIn?: 'header' | 'query';
    /** The WebSocket implementation; default the global one, else the `ws` package (imported when needed). */
    WebSocket?: WebSocketConstructor;
    /** How long to wait for a socket to open. Default 10000. */
    connectTimeoutMs?: number;
    /** Reconnect after an unexpected close (default on), or `false` to close the client instead. */
    reconnect?: ReconnectOptions | false;
}

export interface StartMessage {
    action: 'start';
    requestId: string;
    /** The request's audio format, e.g. `pcm_24000`. */
    format: string;
    /** `cache`, or the provider that produced the first audio. */
    source: string;
}

export interface AlignmentMessage {
    action: 'alignment';
    requestId: string;
    words: string[];
    /** Milliseconds from the start of the request's audio. */
    startMs: number[];
    endMs: number[];
}

export interface DoneMessage {
    action: 'done';
    requestId: string;
    status: 'completed' | 'cancelled' | 'failed';
    /** Only when a fallback provider made the audio: the providers that failed (or whose breaker was open) before it. */
    fallbackFrom?: string[];
    error?: {code: string; message: string; retryable: boolean};
}

/** One request: async-iterable audio chunks in the request's format. */
export class Speech implements AsyncIterable<Uint8Array> {
    /** The request's id on the wire. */
    readonly requestId: string;
    /** The `start` message, or `null` when the request ended without audio; rejects like `done` on failure. */
    readonly start: Promise<StartMessage | null>;
    /** The `done` message (`completed` or `cancelled`); rejects with a `TtsError` when the request failed or was refused. */
    readonly done: Promise<DoneMessage>;
    /** Whether the request has ended. */
    readonly finished: boolean;
    /**
     * The audio, chunk by chunk. Iterate once. The loop ends at `done` or `cancel()`, and throws the
     * `TtsError` of a failure after the audio that came before it.
     */
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
    /** The word timings, as they come (with `timestamps: true`). Iterate once. */
    alignments(): AsyncIterable<AlignmentMessage>;
    /** Stops the request at once: no more audio is yielded; `done` resolves with the gateway's answer. */
    cancel(): void;
    on(type: 'start', listener: (message: StartMessage) => void): this;
    on(type: 'alignment', listener: (message: AlignmentMessage) => void): this;
    on(type: 'audio', listener: (chunk: Uint8Array) => void): this;
    /** Every end, failures included (their `done` carries `error`). */
    on(type: 'done', listener: (message: DoneMessage) => void): this;
    off(type: string, listener: (...args: any[]) => void): this;
}

/**
 * A request whose text is streamed in. Nothing is sent before the first `append()`. The methods
 * return whether something was sent: after `end()`, a cancel or a failure they do nothing.
 */
export class SpeechStream extends Speech {
    /** The next piece of text, spaces included (`" world"`); an empty string is ignored. */
    append(text: string): boolean;
    /** Synthesize the buffered text now, without waiting for a sentence end. */
    flush(): boolean;
    /** No more text: the rest is spoken, then `done`. With no text at all, the request completes at once. */
    end(): boolean;
}

export interface ReconnectingEvent {
    /** 1 for the first attempt after a drop. */
    attempt: number;
    delayMs: number;
    /** Why: the drop, or the previous attempt's failure. */
    error: TtsError;
}

/** One WebSocket to the gateway; requests are answered in the order they are made. */
export class TtsClient {
    /** Opens a connection (`ws(s)://host:port/api/v1/ws`; `http(s)://` is accepted); rejects with a `TtsError`. */
    static connect(url: string | URL, options?: ConnectOptions): Promise<TtsClient>;
    /** `connecting`, `open`, `reconnecting` or `closed`. */
    readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
    readonly connected: boolean;
    /** Speaks a whole text (up to the gateway's limit, 10,000 characters by default). */
    speak(text: string, options?: SpeakOptions): Speech;
    /** A request fed with `append()`, as an LLM writes. */
    stream(options?: SpeakOptions): SpeechStream;
    /** Cancels every request of the client (barge-in). */
    cancel(): void;
    /** Closes the connection for good; unfinished requests end as `cancelled`. */
    close(): void;
    /** Connected (again, after a reconnect). */
    on(type: 'open', listener: () => void): this;
    /** The connection dropped; an attempt follows after `delayMs`. */
    on(type: 'reconnecting', listener: (event: ReconnectingEvent) => void): this;
    /** The client stopped: `null` after `close()`, else the error that made it give up. */
    on(type: 'close', listener: (error: TtsError | null) => void): this;
    /** An error the gateway sent that no pending request owns (e.g. `server_busy` before a close). */
    on(type: 'error', listener: (error: TtsError) => void): this;
    /** Every JSON message sent or received, for logs. */
    on(type: 'send' | 'receive', listener: (message: {action: string; [field: string]: unknown}) => void): this;
    off(type: string, listener: (...args: any[]) => void): this;
}

export default TtsClient;
