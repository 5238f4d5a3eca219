// The JavaScript client (clients/js/src) in Node against a real gateway: speak, word timings,
// streaming input, cancel, typed errors, client keys and reconnecting after a dropped connection.
// Run by JsClientTest, which starts the gateway (default provider `tone`, cartesia on its fake,
// GATEWAY_API_KEYS set).
//
// Usage: node client.mjs <wsUrl> <apiKey> <quotaKey>  (quotaKey: a key allowed 20 characters a day)
// Exit code 0 when every test passed (node:test's summary ends in "# fail 0").

import assert from 'node:assert/strict';
import net from 'node:net';
import {after, test} from 'node:test';

import WebSocket from 'ws';

import {TtsClient, TtsError} from '../clients/js/src/index.js';

const [URL_ARG, API_KEY, QUOTA_KEY] = process.argv.slice(2);
if (!URL_ARG || !API_KEY || !QUOTA_KEY) {
    console.error('usage: node client.mjs <wsUrl> <apiKey> <quotaKey>');
    process.exit(2);
}
/** Long enough with the slow tone (60 ms per character) to be still streaming seconds later. */
const LONG_TEXT = 'This sentence is long enough to keep the tone provider streaming for many seconds. '.repeat(3);
const clients = [];

async function connect(options = {}, url = URL_ARG) {
    const client = await TtsClient.connect(url, {apiKey: API_KEY, WebSocket, ...options});
    clients.push(client);
    return client;
}

async function collect(speech) {
    const chunks = [];
    for await (const chunk of speech) {
        assert.ok(chunk instanceof Uint8Array, 'audio chunks are Uint8Arrays');
        chunks.push(chunk);
    }
    return {chunks, bytes: chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)};
}

async function rejectsWith(promise, code) {
    let error;
    await assert.rejects(promise, (e) => {
        error = e;
        return e instanceof TtsError && e.code === code;
    });
    return error;
}

/** Resolves with the first audio chunk of a speech (through its `audio` event). */
function firstAudio(speech) {
    return new Promise((resolve) => speech.on('audio', resolve));
}

function once(emitter, type) {
    return new Promise((resolve) => {
        const listener = (value) => {
            emitter.off(type, listener);
            resolve(value);
        };
        emitter.on(type, listener);
    });
}

after(() => clients.forEach((client) => client.close()));

test('speak: start, audio chunks, done completed', async () => {
    const client = await connect();
    const speech = client.speak('Hello from the JavaScript client.', {format: 'pcm_16000'});
    const {chunks, bytes} = await collect(speech);
    const start = await speech.start;
    const done = await speech.done;
    assert.equal(start.format, 'pcm_16000');
    assert.equal(start.source, 'tone');
    assert.equal(start.requestId, speech.requestId);
    assert.ok(chunks.length > 0 && bytes > 0, 'audio arrived');
    assert.equal(bytes % 2, 0, '16-bit samples');
    assert.deepEqual(done, {action: 'done', requestId: speech.requestId, status: 'completed'});
    assert.ok(speech.finished);
});

test('connection defaults apply to every request; a request option wins', async () => {
    const client = await connect({format: 'ulaw_8000'});
    const byDefault = client.speak('Default format.');
    const own = client.speak('Own format.', {format: 'alaw_8000', requestId: 'own-1'});
    const [first, second] = await Promise.all([collect(byDefault), collect(own)]);
    assert.equal((await byDefault.start).format, 'ulaw_8000');
    assert.equal((await own.start).format, 'alaw_8000');
    assert.equal(own.requestId, 'own-1');
    assert.ok(first.bytes > 0 && second.bytes > 0);
});

test('pipelined requests are answered in order, audio never interleaved', async () => {
    const client = await connect();
    const order = [];
    client.on('receive', (message) => order.push(`${message.action}:${message.requestId}`));
    const speeches = ['One.', 'Two, a little longer.', 'Three.'].map((text) => client.speak(text));
    const results = await Promise.all(speeches.map(collect));
    await Promise.all(speeches.map((speech) => speech.done));
    const expected = speeches.flatMap((speech) => [`start:${speech.requestId}`, `done:${speech.requestId}`]);
    assert.deepEqual(order, expected);
    // The tone lasts 60 ms per character at 24 kHz, 16-bit: each request got exactly its own audio.
    speeches.forEach((speech, i) => assert.ok(results[i].bytes > 0, `audio of request ${i}`));
    assert.ok(results[1].bytes > results[0].bytes, 'the longer text has more audio');
});

test('word timings arrive as alignment events and as an async iterable', async () => {
    const client = await connect();
    const speech = client.speak(`Hello brave new world ${Date.now()}`, {provider: 'cartesia', timestamps: true});
    const events = [];
    speech.on('alignment', (alignment) => events.push(alignment));
    const iterated = (async () => {
        const all = [];
        for await (const alignment of speech.alignments()) {
            all.push(alignment);
        }
        return all;
    })();
    const {bytes} = await collect(speech);
    assert.equal((await speech.done).status, 'completed');
    assert.equal((await speech.start).source, 'cartesia');
    assert.ok(bytes > 0);
    assert.ok(events.length > 0, 'alignment events');
    assert.deepEqual(await iterated, events);
    const words = events.flatMap((alignment) => {
        assert.equal(alignment.words.length, alignment.startMs.length);
        assert.equal(alignment.words.length, alignment.endMs.length);
        alignment.startMs.forEach((start, i) => assert.ok(start <= alignment.endMs[i]));
        return alignment.words;
    });
    assert.equal(words.slice(0, 4).join(' '), 'Hello brave new world');
});

test('streaming input: append, flush, end make one request with one start', async () => {
    const client = await connect();
    const stream = client.stream({format: 'pcm_8000'});
    const starts = [];
    stream.on('start', (start) => starts.push(start));
    const audio = collect(stream);
    for (const piece of ['Sure! I can', ' help you with', ' that, let me', ' check.']) {
        assert.equal(stream.append(piece), true);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(stream.append(''), false, 'an empty piece is not sent');
    assert.equal(stream.flush(), true);
    stream.append(' It ships tomorrow');
    assert.equal(stream.end(), true);
    assert.equal(stream.append(' too late'), false, 'nothing is sent after end');
    const {bytes} = await audio;
    assert.equal((await stream.done).status, 'completed');
    assert.equal(starts.length, 1);
    assert.equal(starts[0].format, 'pcm_8000');
    assert.ok(bytes > 0);
});

test('a stream that gets no text completes at once', async () => {
    const client = await connect();
    const stream = client.stream();
    stream.end();
    assert.equal((await stream.done).status, 'completed');
    assert.equal(await stream.start, null);
    assert.equal((await collect(stream)).bytes, 0);
});

test('cancel mid-stream: the iterator ends, done cancelled, no audio after the cancel', async () => {
    const client = await connect();
    const speech = client.speak(LONG_TEXT);
    let afterCancel = 0;
    let cancelled = false;
    speech.on('audio', () => {
        if (cancelled) {
            afterCancel++;
        }
    });
    const chunks = [];
    for await (const chunk of speech) {
        chunks.push(chunk);
        if (chunks.length === 3) {
            speech.cancel();
            cancelled = true;
        }
    }
    assert.equal(chunks.length, 3, 'the loop ends at the cancel');
    assert.equal((await speech.done).status, 'cancelled');
    assert.equal(afterCancel, 0, 'no audio event after cancel()');
    // The connection goes on.
    const next = client.speak('Still here.');
    assert.ok((await collect(next)).bytes > 0);
    assert.equal((await next.done).status, 'completed');
});

test('client.cancel() stops every request, queued and unsent ones included', async () => {
    const client = await connect();
    const playing = client.speak(LONG_TEXT);
    const queued = client.speak('Queued behind it.');
    const stream = client.stream();
    await firstAudio(playing);
    client.cancel();
    const [a, b, c] = await Promise.all([playing.done, queued.done, stream.done]);
    assert.deepEqual([a.status, b.status, c.status], ['cancelled', 'cancelled', 'cancelled']);
    assert.equal(await queued.start, null, 'no start after the cancel, even one that crossed it');
    assert.equal(stream.append('ignored'), false);
});

test('a refused request rejects with a typed error; the connection goes on', async () => {
    const client = await connect();
    const unknown = client.speak('Hi', {provider: 'acme'});
    const error = await rejectsWith(unknown.done, 'unknown_provider');
    assert.equal(error.retryable, false);
    assert.equal(error.requestId, unknown.requestId);
    assert.equal(error.name, 'TtsError');
    await rejectsWith(unknown.start, 'unknown_provider');
    await rejectsWith(collect(unknown), 'unknown_provider');

    await rejectsWith(client.speak('x'.repeat(10_001)).done, 'text_too_long');
    await rejectsWith(client.speak('Hi', {format: 'mp3_44100'}).done, 'unsupported_format');

    const stream = client.stream({provider: 'acme'});
    stream.append('Hello there, ');
    stream.append('and more.');
    await rejectsWith(stream.done, 'unknown_provider');
    assert.equal(stream.end(), false);

    const next = client.speak('Fine again.');
    assert.equal((await next.done).status, 'completed');
    assert.equal(client.state, 'open');
});

test('over its quota a request is refused, retryable, with when to send it again', async () => {
    const client = await connect({apiKey: QUOTA_KEY});
    assert.equal((await client.speak('Twelve chars').done).status, 'completed');
    const refused = await rejectsWith(client.speak('and twelve more').done, 'quota_exceeded');
    assert.equal(refused.retryable, true);
    assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 86_400_000, `retryAfterMs ${refused.retryAfterMs}`);
    const other = await rejectsWith(client.speak('Hi', {provider: 'acme'}).done, 'unknown_provider');
    assert.equal(other.retryAfterMs, null, 'only a refusal that says when has retryAfterMs');
});

test('a client-chosen requestId in use is refused before it is sent', async () => {
    const client = await connect();
    const first = client.speak(LONG_TEXT, {requestId: 'same'});
    assert.throws(() => client.speak('Again', {requestId: 'same'}),
                  (e) => e instanceof TtsError && e.code === 'duplicate_request');
    first.cancel();
    assert.equal((await first.done).status, 'cancelled');
    // The gateway frees an id just after it writes the `done` (RequestQueue.deliverAll), so an id
    // reused at once can still be refused; after the next request's `done` it is free for sure.
    assert.equal((await client.speak('Between.').done).status, 'completed');
    const again = client.speak('Again', {requestId: 'same'});
    assert.equal((await again.done).status, 'completed');
});

test('client keys: a missing or wrong key is unauthorized; header and query both work', async () => {
    await rejectsWith(TtsClient.connect(URL_ARG, {WebSocket, reconnect: false}), 'unauthorized');
    const wrong = await rejectsWith(TtsClient.connect(URL_ARG, {WebSocket, apiKey: 'nope'}), 'unauthorized');
    assert.equal(wrong.retryable, false);

    // The `ws` package sends the key as a header, never in the URL (which proxies log).
    class HeaderWebSocket extends WebSocket {
        constructor(url, options) {
            assert.equal(new URL(url).searchParams.get('api_key'), null, 'no key in the URL');
            assert.equal(options.headers.Authorization, `Bearer ${API_KEY}`);
            super(url, options);
        }
    }
    const withHeader = await connect({WebSocket: HeaderWebSocket});
    assert.equal((await withHeader.speak('With a header key.').done).status, 'completed');

    // A WebSocket that cannot send headers (as in browsers) gets the key in the query string.
    const HeaderlessWebSocket = function (url) {
        assert.equal(arguments.length, 1, 'only the URL');
        assert.ok(new URL(url).searchParams.get('api_key'), 'the key is in the query');
        return new WebSocket(url);
    };
    const client = await connect({WebSocket: HeaderlessWebSocket, apiKeyIn: 'query'});
    assert.equal((await client.speak('With a query key.').done).status, 'completed');
    await rejectsWith(TtsClient.connect(URL_ARG, {WebSocket: HeaderlessWebSocket, apiKeyIn: 'query', apiKey: 'nope'}),
                      'unauthorized');
    // A browser's WebSocket does not say why an upgrade failed: any refusal is connection_failed.
    const nowhere = await rejectsWith(TtsClient.connect('ws://127.0.0.1:9/api/v1/ws', {WebSocket}),
                                      'connection_failed');
    assert.equal(nowhere.retryable, true);
});

/** A TCP proxy in front of the gateway whose connections can be cut. */
async function cuttableProxy(target) {
    const sockets = new Set();
    const server = net.createServer((downstream) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [downstream, upstream]) {
            sockets.add(socket);
            socket.on('close', () => sockets.delete(socket));
            socket.on('error', () => {});
        }
        downstream.pipe(upstream).pipe(downstream);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        url: `ws://127.0.0.1:${server.address().port}${target.pathname}`,
        cut: () => sockets.forEach((socket) => socket.destroy()),
        close: () => new Promise((resolve) => {
            sockets.forEach((socket) => socket.destroy());
            server.close(resolve);
        }),
    };
}

test('a dropped connection: in-flight requests fail with connection_lost, the client reconnects', async () => {
    const proxy = await cuttableProxy(new URL(URL_ARG));
    try {
        const client = await connect({reconnect: {initialDelayMs: 50, maxDelayMs: 400}}, proxy.url);
        const reconnecting = [];
        client.on('reconnecting', (attempt) => reconnecting.push(attempt));
        const inFlight = client.speak(LONG_TEXT);
        const stream = client.stream();
        stream.append('Half a sentence');
        await firstAudio(inFlight);
        const reopened = once(client, 'open');
        proxy.cut();
        const lost = await rejectsWith(inFlight.done, 'connection_lost');
        assert.equal(lost.retryable, true);
        assert.equal(lost.requestId, inFlight.requestId);
        await rejectsWith(stream.done, 'connection_lost');
        // Made while the client is reconnecting: held, then sent on the new connection.
        const whileDown = client.speak('Sent after the reconnect.');
        await reopened;
        assert.equal(client.state, 'open');
        assert.ok(reconnecting.length >= 1 && reconnecting[0].attempt === 1);
        assert.ok(reconnecting[0].delayMs >= 25 && reconnecting[0].delayMs <= 50, 'backoff with jitter');
        assert.equal((await whileDown.done).status, 'completed');
        const next = client.speak('And the next one works.');
        assert.ok((await collect(next)).bytes > 0);
    } finally {
        await proxy.close();
    }
});

test('without reconnect, a dropped connection closes the client', async () => {
    const proxy = await cuttableProxy(new URL(URL_ARG));
    try {
        const client = await connect({reconnect: false}, proxy.url);
        const closed = once(client, 'close');
        const speech = client.speak(LONG_TEXT);
        await firstAudio(speech);
        proxy.cut();
        await rejectsWith(speech.done, 'connection_lost');
        const reason = await closed;
        assert.equal(reason.code, 'connection_lost');
        assert.equal(client.state, 'closed');
        await rejectsWith(client.speak('Too late.').done, 'client_closed');
    } finally {
        await proxy.close();
    }
});

test('reconnecting gives up after maxAttempts and fails what waits', async () => {
    const proxy = await cuttableProxy(new URL(URL_ARG));
    const client = await connect({reconnect: {initialDelayMs: 20, maxDelayMs: 40, maxAttempts: 2}}, proxy.url);
    const closed = once(client, 'close');
    const reconnecting = once(client, 'reconnecting');
    await proxy.close(); // cuts the socket and refuses new ones
    await reconnecting;
    const waiting = client.speak('Never sent.');
    const reason = await closed;
    assert.equal(reason.code, 'connection_failed');
    await rejectsWith(waiting.done, 'client_closed');
});

test('close() ends what is pending as cancelled', async () => {
    const client = await connect();
    const speech = client.speak(LONG_TEXT);
    await firstAudio(speech);
    client.close();
    assert.equal((await speech.done).status, 'cancelled');
    assert.equal(client.state, 'closed');
});
