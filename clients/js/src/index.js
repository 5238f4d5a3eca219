// tts-gateway JavaScript client: the gateway's WebSocket protocol (docs/protocol.md) as an API.
//
// One file, no dependencies, ES module. Browsers use their own WebSocket; Node 22+ has one too;
// on Node 20 the `ws` package is imported when it is installed (or pass `options.WebSocket`).
// The gateway serves this same file to its playground as /client/tts-gateway.js.
//
// Parts, top to bottom: TtsError, two small helpers (Emitter, AsyncQueue), Speech and
// SpeechStream (one request each), TtsClient (the connection: routing, reconnect).

/** Error codes made by this client, not by the gateway. */
const CLIENT_ERRORS = Object.freeze({
    /** The socket could not be opened (not an HTTP 401 or 503, which have codes of their own). */
    connection_failed: true,
    /** The socket closed while the request was in flight; it was not sent again. */
    connection_lost: true,
    /** The client was closed, or gave up reconnecting, before the request could be sent. */
    client_closed: false,
});

const DEFAULTS = Object.freeze({
    connectTimeoutMs: 10_000,
    reconnect: Object.freeze({initialDelayMs: 250, maxDelayMs: 10_000, maxAttempts: Infinity}),
});

/** Request options a connection may give defaults for, and each request may override. */
const REQUEST_OPTIONS = ['provider', 'voice', 'model', 'format', 'speed', 'language', 'timestamps'];

const OPEN = 1; // WebSocket.OPEN, the same in every implementation

const IN_NODE = typeof process === 'object' && typeof process?.versions?.node === 'string';

// ---------------------------------------------------------------------------------------------
// TtsError

/**
 * A failure with the protocol's error code (`unknown_provider`, `provider_timeout`, ...) or one
 * of the client's own (`connection_failed`, `connection_lost`, `client_closed`).
 */
export class TtsError extends Error {
    /**
     * @param {string} code
     * @param {string} message
     * @param {{retryable?: boolean, requestId?: string|null, retryAfterMs?: number|null, cause?: unknown}} [details]
     */
    constructor(code, message, {retryable = false, requestId = null, retryAfterMs = null, cause} = {}) {
        super(message, cause === undefined ? undefined : {cause});
        this.name = 'TtsError';
        this.code = code;
        this.retryable = retryable;
        this.requestId = requestId;
        this.retryAfterMs = retryAfterMs;
    }

    /** From the gateway's `error` message, or a failed `done`'s `error` object. */
    static fromMessage(error, requestId) {
        const after = error?.retryAfterMs;
        return new TtsError(String(error?.code ?? 'unknown'), String(error?.message ?? 'no message'),
                            {retryable: error?.retryable === true, requestId: requestId ?? null,
                             retryAfterMs: Number.isFinite(after) && after >= 0 ? after : null});
    }
}

function clientError(code, message, requestId, cause) {
    return new TtsError(code, message, {retryable: CLIENT_ERRORS[code], requestId, cause});
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A minimal event emitter, the same in browsers and Node. A throwing listener is reported, not propagated. */
class Emitter {
    #listeners = new Map();

    /** Adds a listener; returns `this`. */
    on(type, listener) {
        if (!this.#listeners.has(type)) {
            this.#listeners.set(type, new Set());
        }
        this.#listeners.get(type).add(listener);
        return this;
    }

    /** Removes a listener; returns `this`. */
    off(type, listener) {
        this.#listeners.get(type)?.delete(listener);
        return this;
    }

    /** @internal */
    emit(type, ...args) {
        for (const listener of [...(this.#listeners.get(type) ?? [])]) {
            try {
                listener(...args);
            } catch (e) {
                setTimeout(() => {
                    throw e; // the listener's bug, reported like an uncaught error, not the client's state
                }, 0);
            }
        }
    }

    /** @internal */
    listens(type) {
        return (this.#listeners.get(type)?.size ?? 0) > 0;
    }
}

/** Values pushed by the client, pulled by one `for await` loop; ends, or fails after what was pushed. */
class AsyncQueue {
    #items = [];
    #waiters = [];
    #ended = false;
    #error = null;
    #iterated = false;

    push(value) {
        if (this.#ended) {
            return;
        }
        const waiter = this.#waiters.shift();
        if (waiter) {
            waiter.resolve({value, done: false});
        } else {
            this.#items.push(value);
        }
    }

    /** No more values; with an error, the loop throws it once the values before it are taken. */
    end(error = null) {
        if (this.#ended) {
            return;
        }
        this.#ended = true;
        this.#error = error;
        for (const waiter of this.#waiters.splice(0)) {
            if (error) {
                waiter.reject(error);
            } else {
                waiter.resolve({value: undefined, done: true});
            }
        }
    }

    /** Drops what was not taken yet, and ends. */
    discard() {
        this.#items.length = 0;
        this.end();
    }

    [Symbol.asyncIterator]() {
        if (this.#iterated) {
            throw new TypeError('this stream can be iterated once only');
        }
        this.#iterated = true;
        return {
            next: () => {
                if (this.#items.length > 0) {
                    return Promise.resolve({value: this.#items.shift(), done: false});
                }
                if (this.#ended) {
                    return this.#error ? Promise.reject(this.#error) : Promise.resolve({value: undefined, done: true});
                }
                return new Promise((resolve, reject) => this.#waiters.push({resolve, reject}));
            },
            return: () => {
                this.#items.length = 0; // the loop was left: keep nothing more
                this.#ended = true;
                return Promise.resolve({value: undefined, done: true});
            },
            [Symbol.asyncIterator]() {
                return this;
            },
        };
    }
}

/** A promise with its settle functions; a rejection nobody awaits is not reported as unhandled. */
function deferred() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
    });
    promise.catch(() => {});
    return {promise, resolve, reject};
}

function pickOptions(source) {
    const options = {};
    for (const name of REQUEST_OPTIONS) {
        if (source?.[name] !== undefined && source[name] !== null) {
            options[name] = source[name];
        }
    }
    return options;
}

// ---------------------------------------------------------------------------------------------
// Speech: one request

/**
 * One request: an async iterable of audio chunks (`Uint8Array`, in the request's format), with
 * `start` and `done` promises, `alignment` events and `cancel()`. Made by `TtsClient.speak()`.
 */
export class Speech extends Emitter {
    /** @internal */ client;
    #audio = new AsyncQueue();
    #alignments = new AsyncQueue();
    #start = deferred();
    #done = deferred();
    /** Whether a message of the request has gone out on a socket. */
    #sent = false;
    #started = false;
    #finished = false;
    #cancelled = false;

    /** @internal */
    constructor(client, requestId) {
        super();
        this.client = client;
        /** The request's id on the wire (given, or made by the client). */
        this.requestId = requestId;
        /** Resolves to the `start` message before the first audio, or `null` when the request ended without one. */
        this.start = this.#start.promise;
        /** Resolves to the `done` message (`completed` or `cancelled`); rejects with a `TtsError` when it failed. */
        this.done = this.#done.promise;
    }

    /** The audio chunks, each a `Uint8Array`; the loop ends at `done` or `cancel()`, and throws a failure's `TtsError`. */
    [Symbol.asyncIterator]() {
        return this.#audio[Symbol.asyncIterator]();
    }

    /** The `alignment` messages (word timings, with `timestamps: true`), as an async iterable. */
    alignments() {
        return this.#alignments;
    }

    /** Whether the request has ended (done, failed, cancelled or refused). */
    get finished() {
        return this.#finished;
    }

    /**
     * Stops the request: no more audio is yielded from now on, and `done` resolves with the
     * gateway's answer (`cancelled`, or `completed` when it was over already).
     */
    cancel() {
        if (this._markCancelled()) {
            this.client._cancel(this);
        }
    }

    /** @internal */
    get sent() {
        return this.#sent;
    }

    /** @internal */
    get started() {
        return this.#started;
    }

    /** @internal stops yielding audio; false when there was nothing to cancel */
    _markCancelled() {
        if (this.#finished || this.#cancelled) {
            return false;
        }
        this.#cancelled = true;
        this.#audio.discard();
        this.#alignments.end();
        return true;
    }

    /** @internal a message of the request went out */
    _sent() {
        this.#sent = true;
    }

    /** @internal */
    _onStart(message) {
        this.#started = true;
        if (this.#finished || this.#cancelled) {
            return; // a start that crossed the cancel: `start` resolves to null at `done`
        }
        this.#start.resolve(message);
        this.emit('start', message);
    }

    /** @internal */
    _onAlignment(message) {
        if (this.#finished || this.#cancelled) {
            return;
        }
        this.#alignments.push(message);
        this.emit('alignment', message);
    }

    /** @internal */
    _onAudio(chunk) {
        if (this.#finished || this.#cancelled) {
            return; // sent before the gateway read the cancel
        }
        this.#audio.push(chunk);
        this.emit('audio', chunk);
    }

    /** @internal the gateway's `done`, or one the client makes (cancelled before sending, closed) */
    _onDone(message) {
        if (this.#finished) {
            return;
        }
        if (message.status === 'failed') {
            this._fail(TtsError.fromMessage(message.error, this.requestId), message);
            return;
        }
        this.#finished = true;
        this.#start.resolve(null);
        this.#audio.end();
        this.#alignments.end();
        this.#done.resolve(message);
        this.emit('done', message);
    }

    /** @internal a failed `done`, a refused request, or the connection lost */
    _fail(error, message = {action: 'done', requestId: this.requestId, status: 'failed',
        error: {code: error.code, message: error.message, retryable: error.retryable}}) {
        if (this.#finished) {
            return;
        }
        this.#finished = true;
        this.#start.reject(error);
        this.#audio.end(error);
        this.#alignments.end();
        this.#done.reject(error);
        this.emit('done', message);
    }
}

/**
 * A request whose text is streamed in: `append()` as an LLM produces it, `flush()` to synthesize
 * what is buffered now, `end()` when no more text comes. Audio, `start`, `done` as for `Speech`.
 * After the request ended (cancelled, failed) these methods do nothing and return `false`.
 */
export class SpeechStream extends Speech {
    #options;
    #opened = false;
    #ended = false;

    /** @internal */
    constructor(client, requestId, options) {
        super(client, requestId);
        this.#options = options;
    }

    /** Sends the next piece of text; the first one opens the request with its options. An empty text is ignored. */
    append(text) {
        if (typeof text !== 'string') {
            throw new TypeError('append(text) takes a string');
        }
        if (!this.#usable() || text === '') {
            return false;
        }
        const message = {action: 'append', requestId: this.requestId, text};
        if (!this.#opened) {
            Object.assign(message, this.#options);
            this.#opened = true;
        }
        this.client._send(message, this);
        return true;
    }

    /** Has the gateway synthesize the buffered text now, without waiting for a sentence end. */
    flush() {
        if (!this.#usable() || !this.#opened) {
            return false;
        }
        this.client._send({action: 'flush', requestId: this.requestId}, this);
        return true;
    }

    /** No more text: the gateway speaks the rest, then `done`. Without any text, the request completes at once. */
    end() {
        if (!this.#usable()) {
            return false;
        }
        this.#ended = true;
        if (!this.#opened) {
            this.client._forget(this);
            this._onDone({action: 'done', requestId: this.requestId, status: 'completed'});
            return true;
        }
        this.client._send({action: 'end', requestId: this.requestId}, this);
        return true;
    }

    /** @internal whether a message of the request has been sent that opens it */
    get opened() {
        return this.#opened;
    }

    #usable() {
        return !this.finished && !this.#ended;
    }
}

// ---------------------------------------------------------------------------------------------
// TtsClient: the connection

/**
 * One WebSocket to the gateway. Requests are answered in the order they are made; audio of one
 * request never interleaves with another's.
 *
 * Events (`client.on(type, listener)`): `open` (connected, again after a reconnect),
 * `reconnecting` ({attempt, delayMs, error}), `close` (the client stopped: closed, or gave up
 * reconnecting; with the error that made it give up), `error` (a `TtsError` the gateway sent
 * without a request it belongs to), `send` and `receive` (every JSON message, for logs).
 */
export class TtsClient extends Emitter {
    #url;
    #options;
    #defaults;
    #socket = null;
    /** connecting | open | reconnecting | closed */
    #state = 'connecting';
    /** Requests not finished, by id; also those refused whose late messages are still to be ignored. */
    #requests = new Map();
    /** Messages waiting for a socket (made while reconnecting), with their request. */
    #outbox = [];
    /** The request whose `start` came last and whose `done` did not come yet: binary frames are its. */
    #playing = null;
    #counter = 0;
    #prefix = `js${Math.floor(Math.random() * 36 ** 4).toString(36)}-`;
    #retryTimer = null;
    #retryWake = null;
    /** Rejects the socket being opened, when close() comes first. */
    #abortOpen = null;

    /**
     * Opens a connection; resolves once the socket is open.
     *
     * @param {string} url `ws://host:8002/api/v1/ws` (`http(s)://` is turned into `ws(s)://`)
     * @param {object} [options] see index.d.ts (`ConnectOptions`)
     * @returns {Promise<TtsClient>}
     */
    static async connect(url, options = {}) {
        const client = new TtsClient(url, options);
        try {
            await client.#open();
        } catch (e) {
            client.#state = 'closed';
            throw e;
        }
        return client;
    }

    /** Use `TtsClient.connect()`. @internal */
    constructor(url, options = {}) {
        super();
        const parsed = new URL(url, globalThis.location?.href);
        if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
            parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
        }
        this.#url = parsed;
        const reconnect = options.reconnect === false ? null : {...DEFAULTS.reconnect, ...(options.reconnect ?? {})};
        this.#options = {
            apiKey: options.apiKey ?? null,
            WebSocket: options.WebSocket ?? null,
            apiKeyIn: options.apiKeyIn ?? null,
            connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
            reconnect,
        };
        this.#defaults = pickOptions(options);
    }

    /** Whether the socket is open now. */
    get connected() {
        return this.#state === 'open';
    }

    /** `connecting`, `open`, `reconnecting` or `closed`. */
    get state() {
        return this.#state;
    }

    /**
     * Speaks a whole text.
     *
     * @param {string} text
     * @param {object} [options] `requestId`, `provider`, `voice`, `model`, `format`, `speed`, `language`, `timestamps`
     * @returns {Speech}
     */
    speak(text, options = {}) {
        if (typeof text !== 'string') {
            throw new TypeError('speak(text) takes a string');
        }
        const speech = new Speech(this, this.#register(options.requestId));
        this.#requests.set(speech.requestId, speech);
        this._send({action: 'synthesize', requestId: speech.requestId, text,
            ...this.#defaults, ...pickOptions(options)}, speech);
        return speech;
    }

    /**
     * Opens a streamed request; nothing is sent until its first `append()`.
     *
     * @param {object} [options] as for `speak()`
     * @returns {SpeechStream}
     */
    stream(options = {}) {
        const stream = new SpeechStream(this, this.#register(options.requestId),
                                        {...this.#defaults, ...pickOptions(options)});
        this.#requests.set(stream.requestId, stream);
        return stream;
    }

    /** Cancels every request of this client: those in flight, queued, or waiting for a socket (barge-in). */
    cancel() {
        let sent = false;
        for (const request of [...this.#requests.values()]) {
            if (!request._markCancelled()) {
                continue;
            }
            if (request.sent) {
                sent = true;
            } else {
                this.#endUnsent(request);
            }
        }
        if (sent && this.#state === 'open') {
            this.#transmit({action: 'cancel'}); // one message for all: the gateway answers each with done cancelled
        }
    }

    /** Closes the connection for good; requests not finished end as `cancelled`. */
    close() {
        if (this.#state === 'closed') {
            return;
        }
        this.#state = 'closed';
        clearTimeout(this.#retryTimer);
        this.#retryWake?.();
        this.#abortOpen?.();
        const socket = this.#socket;
        this.#socket = null;
        if (socket) {
            socket.onclose = null;
            socket.onmessage = null;
            socket.onerror = () => {}; // `ws` throws an error event nobody listens to
            try {
                socket.close(1000);
            } catch {
                // closing a socket that never opened
            }
        }
        this.#outbox.length = 0;
        this.#playing = null;
        for (const request of this.#requests.values()) {
            request._onDone({action: 'done', requestId: request.requestId, status: 'cancelled'});
        }
        this.#requests.clear();
        this.emit('close', null);
    }

    // --- used by Speech and SpeechStream -------------------------------------------------------

    /** @internal sends a request's message now, or when the socket is back */
    _send(message, request) {
        if (this.#state === 'closed') {
            this.#requests.delete(request.requestId);
            request._fail(clientError('client_closed', 'the client is closed', request.requestId));
            return;
        }
        if (this.#state === 'open' && this.#socket?.readyState === OPEN && this.#outbox.length === 0) {
            this.#transmit(message);
            request._sent();
        } else {
            this.#outbox.push({message, request});
        }
    }

    /** @internal */
    _cancel(request) {
        if (!request.sent) {
            this.#endUnsent(request);
        } else if (this.#state === 'open') {
            this.#transmit({action: 'cancel', requestId: request.requestId});
        }
        // else: sent on a socket that closed; the request fails with connection_lost
    }

    /** @internal */
    _forget(request) {
        if (this.#requests.get(request.requestId) === request) {
            this.#requests.delete(request.requestId);
        }
    }

    // --- the socket ----------------------------------------------------------------------------

    /** A request that never reached the gateway ends here, as cancelled. */
    #endUnsent(request) {
        this.#outbox = this.#outbox.filter((entry) => entry.request !== request);
        this._forget(request);
        request._onDone({action: 'done', requestId: request.requestId, status: 'cancelled'});
    }

    #register(requestId) {
        const id = requestId ?? `${this.#prefix}${++this.#counter}`;
        if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
            throw new TypeError('requestId must be a string of 1 to 128 characters');
        }
        const existing = this.#requests.get(id);
        if (existing && !existing.finished) {
            throw new TtsError('duplicate_request', `requestId ${id} is in use by an unanswered request`,
                               {requestId: id});
        }
        return id;
    }

    #transmit(message) {
        this.#socket.send(JSON.stringify(message));
        this.emit('send', message);
    }

    async #implementation() {
        if (this.#options.WebSocket) {
            return this.#options.WebSocket;
        }
        if (typeof globalThis.WebSocket === 'function') {
            return globalThis.WebSocket;
        }
        try {
            const module = await import('ws');
            this.#options.WebSocket = module.WebSocket ?? module.default;
            return this.#options.WebSocket;
        } catch (e) {
            throw clientError('connection_failed', 'no WebSocket implementation: install the "ws" package '
                + '(npm install ws) or pass options.WebSocket', null, e);
        }
    }

    /** Opens a socket; resolves when it is open, rejects with a TtsError when it cannot be. */
    async #open() {
        const Impl = await this.#implementation();
        // A browser's WebSocket (and Node 22's global one) cannot send headers: the key goes in the
        // query. Any other implementation in Node is taken to be the `ws` package, which can.
        const headers = this.#options.apiKeyIn === null
            ? IN_NODE && Impl !== globalThis.WebSocket
            : this.#options.apiKeyIn === 'header';
        const url = new URL(this.#url);
        const apiKey = this.#options.apiKey;
        let socket;
        if (apiKey && headers) {
            socket = new Impl(url.toString(), {headers: {Authorization: `Bearer ${apiKey}`}});
        } else {
            if (apiKey) {
                url.searchParams.set('api_key', apiKey);
            }
            socket = new Impl(url.toString());
        }
        socket.binaryType = 'arraybuffer';
        this.#socket = socket;
        await new Promise((resolve, reject) => {
            this.#abortOpen = () => reject(clientError('client_closed', 'the client was closed while connecting'));
            let failure = null;
            const timer = setTimeout(() => {
                failure = clientError('connection_failed', `the gateway did not answer within ${this.#options.connectTimeoutMs} ms`);
                socket.close();
            }, this.#options.connectTimeoutMs);
            socket.onerror = (event) => {
                // `ws` names the HTTP status of a refused upgrade; browsers say nothing.
                const status = /Unexpected server response: (\d+)/.exec(event?.message ?? event?.error?.message ?? '');
                if (status?.[1] === '401') {
                    failure = new TtsError('unauthorized', 'the gateway refused the API key (HTTP 401)');
                } else if (status?.[1] === '503') {
                    failure = new TtsError('server_busy', 'the gateway is shutting down (HTTP 503)', {retryable: true});
                } else if (!failure) {
                    failure = clientError('connection_failed', `could not connect to ${this.#url.origin}`
                        + (status ? ` (HTTP ${status[1]})` : ''), null, event?.error);
                }
            };
            socket.onclose = (event) => {
                clearTimeout(timer);
                if (this.#socket === socket) {
                    this.#socket = null;
                }
                reject(failure ?? clientError('connection_failed',
                                              `could not connect (WebSocket closed with code ${event.code})`));
            };
            socket.onopen = () => {
                clearTimeout(timer);
                resolve();
            };
        }).finally(() => {
            this.#abortOpen = null;
        });
        socket.onerror = () => {};
        socket.onmessage = (event) => this.#receive(event.data);
        socket.onclose = (event) => this.#lost(socket, event);
        this.#state = 'open';
        const waiting = this.#outbox.splice(0);
        for (const {message, request} of waiting) {
            this.#transmit(message);
            request._sent();
        }
        this.emit('open');
    }

    #receive(data) {
        if (typeof data !== 'string') {
            const chunk = data instanceof ArrayBuffer ? new Uint8Array(data)
                : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
            this.#playing?._onAudio(chunk);
            return;
        }
        let message;
        try {
            message = JSON.parse(data);
        } catch {
            return;
        }
        this.emit('receive', message);
        const request = message.requestId == null ? undefined : this.#requests.get(message.requestId);
        switch (message.action) {
            case 'start':
                // Frames until the next `done` are this request's (an unknown one's are dropped).
                this.#playing = request ?? null;
                request?._onStart(message);
                break;
            case 'alignment':
                request?._onAlignment(message);
                break;
            case 'done':
                if (request) {
                    this.#requests.delete(request.requestId);
                    request._onDone(message);
                }
                if (this.#playing === request) {
                    this.#playing = null;
                }
                break;
            case 'error':
                this.#onError(message, request);
                break;
            default:
                break; // a message of a later protocol version
        }
    }

    #onError(message, request) {
        const error = TtsError.fromMessage(message, message.requestId);
        if (!request || request.finished || request.started) {
            // Not about a request waiting for its start (for a playing stream, its `done` follows).
            this.emit('error', error);
            return;
        }
        if (request instanceof SpeechStream) {
            // A refused opening `append` makes no request; appends sent behind it could open one
            // with the default options: cancel that (a cancel of an unknown id is ignored). The id
            // stays known, finished, so that whatever the gateway still sends for it is dropped.
            this.#transmit({action: 'cancel', requestId: request.requestId});
            request._fail(error);
            return;
        }
        this.#requests.delete(request.requestId); // a refused synthesize: nothing follows
        request._fail(error);
    }

    #lost(socket, event) {
        if (this.#socket !== socket) {
            return;
        }
        this.#socket = null;
        this.#playing = null;
        const error = clientError('connection_lost', `the connection to the gateway closed (code ${event.code}`
            + `${event.reason ? `, ${event.reason}` : ''})`);
        for (const request of [...this.#requests.values()]) {
            if (request.sent || request.finished) {
                this.#requests.delete(request.requestId);
                request._fail(new TtsError(error.code, error.message, {retryable: true, requestId: request.requestId}));
            }
        }
        this.#outbox = this.#outbox.filter((entry) => !entry.request.finished);
        if (this.#options.reconnect === null) {
            this.#giveUp(error);
            return;
        }
        this.#state = 'reconnecting';
        this.#reconnect(error);
    }

    async #reconnect(cause) {
        const {initialDelayMs, maxDelayMs, maxAttempts} = this.#options.reconnect;
        let last = cause;
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
            // Exponential backoff with jitter: half the delay fixed, half random, so clients that
            // lost the same gateway do not all come back at the same instant.
            const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
            const delayMs = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
            this.emit('reconnecting', {attempt, delayMs, error: last});
            await new Promise((resolve) => {
                this.#retryWake = resolve;
                this.#retryTimer = setTimeout(resolve, delayMs);
            });
            this.#retryWake = null;
            if (this.#state === 'closed') {
                return;
            }
            try {
                await this.#open();
                return;
            } catch (e) {
                if (this.#state === 'closed') {
                    return;
                }
                last = e;
                if (!e.retryable) {
                    break;
                }
            }
        }
        this.#giveUp(last);
    }

    #giveUp(error) {
        this.#state = 'closed';
        for (const request of [...this.#requests.values()]) {
            request._fail(clientError('client_closed', `gave up reconnecting: ${error.message}`, request.requestId,
                                      error));
        }
        this.#requests.clear();
        this.#outbox.length = 0;
        this.emit('close', error);
    }
}

export default TtsClient;
