// The tts-gateway playground: speaks the text of a textarea through the gateway's WebSocket
// (/api/v1/ws) and plays the audio frames as they arrive, with the Web Audio API.
//
// The protocol is spoken by the gateway's JavaScript client (clients/js, served beside this page
// as client/tts-gateway.js): one connection, reconnecting after a drop; one request at a time.
//
// Parts, top to bottom: G.711 tables, StreamDecoder (bytes of one stream -> Float32 samples),
// AudioPlayer (gapless scheduling of those samples), then the page: the connection, one request
// at a time, its figures, and window.playground.state() for tests.

import {TtsClient, TtsError} from './client/tts-gateway.js';

// ---------------------------------------------------------------------------------------------
// Limits and timings

/** Head start given to the first buffer of a stream, and after an underrun. */
const LEAD_SECONDS = 0.05;
/** Fade of the stream's gain when Stop is pressed, short enough to feel immediate, long enough not to click. */
const STOP_FADE_SECONDS = 0.012;
/** How long to wait for the WebSocket to open. */
const CONNECT_TIMEOUT_MS = 10000;
/** Size of the WAV header at the start of a wav_* stream. */
const WAV_HEADER_BYTES = 44;
/** Messages kept in the page's log. */
const LOG_LIMIT = 40;
/** Longest logged text of one message. */
const LOG_MESSAGE_CHARS = 240;
/** How often the figures are refreshed while audio plays. */
const RENDER_INTERVAL_MS = 200;

// ---------------------------------------------------------------------------------------------
// G.711 decode tables (ITU-T G.711, as the gateway's own G711 class decodes them)

const ULAW_TO_FLOAT = new Float32Array(256);
const ALAW_TO_FLOAT = new Float32Array(256);

for (let code = 0; code < 256; code++) {
    ULAW_TO_FLOAT[code] = decodeMuLaw(code) / 32768;
    ALAW_TO_FLOAT[code] = decodeALaw(code) / 32768;
}

function decodeMuLaw(code) {
    const value = ~code & 0xff;
    const exponent = (value >> 4) & 0x07;
    const mantissa = value & 0x0f;
    const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    return value & 0x80 ? -magnitude : magnitude;
}

function decodeALaw(code) {
    const value = code ^ 0x55;
    const exponent = (value >> 4) & 0x07;
    const mantissa = value & 0x0f;
    const magnitude = exponent === 0
        ? (mantissa << 4) + 8
        : ((mantissa << 4) + 0x108) << (exponent - 1);
    return value & 0x80 ? magnitude : -magnitude;
}

// ---------------------------------------------------------------------------------------------
// StreamDecoder: the binary frames of one stream -> Float32 samples in [-1, 1)

/**
 * Decodes one stream in a protocol format (pcm_<rate>, wav_<rate>, ulaw_8000, alaw_8000).
 * Frames may split a 16-bit sample; its first byte is carried over to the next frame.
 */
class StreamDecoder {
    constructor(formatName) {
        const match = /^(pcm|wav|ulaw|alaw)_(\d+)$/.exec(formatName || '');
        if (!match) {
            throw new Error(`unsupported audio format ${formatName}`);
        }
        this.encoding = match[1];
        this.sampleRate = Number(match[2]);
        this.headerLeft = this.encoding === 'wav' ? WAV_HEADER_BYTES : 0;
        this.carry = -1;
    }

    /** Samples of one audio chunk, a Uint8Array (possibly none, when it held only a header or half a sample). */
    decode(chunk) {
        let bytes = chunk;
        if (this.headerLeft > 0) {
            const skip = Math.min(this.headerLeft, bytes.length);
            bytes = bytes.subarray(skip);
            this.headerLeft -= skip;
        }
        if (this.encoding === 'ulaw' || this.encoding === 'alaw') {
            const table = this.encoding === 'ulaw' ? ULAW_TO_FLOAT : ALAW_TO_FLOAT;
            const samples = new Float32Array(bytes.length);
            for (let i = 0; i < bytes.length; i++) {
                samples[i] = table[bytes[i]];
            }
            return samples;
        }
        return this.decodeS16le(bytes);
    }

    decodeS16le(bytes) {
        const pending = this.carry >= 0 ? 1 : 0;
        const samples = new Float32Array((bytes.length + pending) >> 1);
        let out = 0;
        let offset = 0;
        if (pending && bytes.length > 0) {
            samples[out++] = s16ToFloat(this.carry | (bytes[0] << 8));
            this.carry = -1;
            offset = 1;
        }
        for (; offset + 1 < bytes.length; offset += 2) {
            samples[out++] = s16ToFloat(bytes[offset] | (bytes[offset + 1] << 8));
        }
        if (offset < bytes.length) {
            this.carry = bytes[offset];
        }
        return samples;
    }
}

function s16ToFloat(unsigned) {
    return (unsigned >= 0x8000 ? unsigned - 0x10000 : unsigned) / 32768;
}

// ---------------------------------------------------------------------------------------------
// AudioPlayer: schedules decoded chunks back to back on one AudioContext

/**
 * Plays a stream's chunks without gaps: each chunk becomes an AudioBuffer at the stream's own rate
 * (the context resamples) and starts exactly where the previous one ends. The samples are
 * contiguous across chunks, so the seams need no fades (a fade per chunk would dip the gain).
 * Each stream has a gain node of its own, so that Stop can fade one stream out without touching
 * the next.
 */
class AudioPlayer {
    constructor() {
        this.context = null;
        this.output = null;
        this.sources = new Set();
        this.nextStartTime = 0;
        this.underruns = 0;
    }

    /** Creates or resumes the context; call it from a user gesture (autoplay policy). */
    unlock() {
        if (!this.context) {
            this.context = new AudioContext({latencyHint: 'interactive'});
        }
        return this.context.resume();
    }

    /** Starts a new stream. */
    begin() {
        this.stop();
        this.output = this.context.createGain();
        this.output.connect(this.context.destination);
        this.nextStartTime = 0;
        this.underruns = 0;
    }

    /** Schedules samples right after the previous chunk; returns the context time they start at. */
    schedule(samples, sampleRate) {
        const context = this.context;
        const buffer = context.createBuffer(1, samples.length, sampleRate);
        buffer.copyToChannel(samples, 0);
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(this.output);
        const earliest = context.currentTime + LEAD_SECONDS;
        if (this.nextStartTime > 0 && this.nextStartTime < context.currentTime) {
            this.underruns++; // audio arrived slower than it plays: a gap we cannot avoid
        }
        const startAt = Math.max(earliest, this.nextStartTime);
        source.start(startAt);
        this.nextStartTime = startAt + buffer.duration;
        this.sources.add(source);
        source.onended = () => this.sources.delete(source);
        return startAt;
    }

    /** Stops every scheduled chunk of the current stream at once (after a few-ms fade). */
    stop() {
        if (!this.output) {
            return;
        }
        const now = this.context.currentTime;
        const gain = this.output.gain;
        gain.cancelScheduledValues(now);
        gain.setValueAtTime(gain.value, now);
        gain.linearRampToValueAtTime(0, now + STOP_FADE_SECONDS);
        for (const source of this.sources) {
            source.onended = null;
            source.stop(now + STOP_FADE_SECONDS); // a chunk not started yet never starts
        }
        this.sources.clear();
        const output = this.output;
        this.output = null;
        this.nextStartTime = 0;
        setTimeout(() => output.disconnect(), (STOP_FADE_SECONDS * 1000) + 100);
    }

    /** Whether scheduled audio is sounding or about to. */
    get playing() {
        return this.context !== null && this.context.state === 'running' && this.sources.size > 0
            && this.context.currentTime < this.nextStartTime;
    }

    get currentTime() {
        return this.context ? this.context.currentTime : 0;
    }

    get contextState() {
        return this.context ? this.context.state : 'none';
    }
}

// ---------------------------------------------------------------------------------------------
// The page

const $ = (id) => document.getElementById(id);
const ui = {
    form: $('speak-form'),
    text: $('text'),
    provider: $('provider'),
    providerHint: $('provider-hint'),
    voice: $('voice'),
    format: $('format'),
    llm: $('llm'),
    pace: $('pace'),
    apiKeyField: $('api-key-field'),
    apiKey: $('api-key'),
    speak: $('speak'),
    stop: $('stop'),
    status: $('status'),
    playback: $('playback'),
    source: $('source'),
    streamFormat: $('stream-format'),
    ttfa: $('ttfa'),
    ttfp: $('ttfp'),
    received: $('received'),
    seconds: $('seconds'),
    error: $('error'),
    log: $('log'),
};

const TERMINAL = new Set(['idle', 'done', 'cancelled', 'failed']);

/** What the page shows and tests read (through window.playground.state()). */
const state = {
    ready: false,
    authRequired: false,
    status: 'idle',
    requestId: null,
    source: null,
    format: null,
    framesReceived: 0,
    bytesReceived: 0,
    secondsScheduled: 0,
    ttfaMs: null,
    ttfpMs: null,
    lateFrames: 0,
    wordsSent: 0,
    wordsTotal: 0,
    lastDone: null,
    error: null,
};

let providers = [];
let requestCounter = 0;
/** The request in flight: {id, speech, sentAt, decoder, stopped, finished, typing}. */
let current = null;
/** The connection: a promise of a TtsClient, and the API key it was opened with. */
let connection = null;
let connectionKey = '';

const player = new AudioPlayer();

// --- providers ---------------------------------------------------------------------------------

async function loadProviders() {
    let info;
    try {
        const response = await fetch(new URL('api/v1/providers', document.baseURI), {cache: 'no-store'});
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        info = await response.json();
    } catch (e) {
        fail(`Could not load the provider list: ${e.message}`);
        render();
        return;
    }
    providers = info.providers;
    state.authRequired = info.authRequired === true;
    ui.apiKeyField.hidden = !state.authRequired;
    ui.provider.replaceChildren(...providers.map((p) => option(p.name, p.name === info.defaultProvider)));
    ui.format.replaceChildren(...info.formats.map((f) => option(f, f === info.defaultFormat)));
    ui.provider.disabled = false;
    ui.format.disabled = false;
    ui.speak.disabled = false;
    onProviderChanged();
    state.ready = true;
    render();
}

function option(value, selected) {
    const element = document.createElement('option');
    element.value = value;
    element.textContent = value;
    element.selected = selected;
    return element;
}

function onProviderChanged() {
    const provider = providers.find((p) => p.name === ui.provider.value);
    if (!provider) {
        return;
    }
    ui.voice.placeholder = provider.defaultVoice || 'provider default';
    const traits = [];
    if (provider.defaultModel) {
        traits.push(`model ${provider.defaultModel}`);
    }
    traits.push(provider.inputStreaming ? 'native streaming input' : 'streaming input by segments');
    if (provider.wordTimestamps) {
        traits.push('word timings');
    }
    ui.providerHint.textContent = traits.join(' · ');
}

// --- the connection ----------------------------------------------------------------------------

/** The client for this API key: the open one, or a new one (the client reconnects by itself after a drop). */
function connect(apiKey) {
    if (connection !== null && connectionKey === apiKey) {
        return connection;
    }
    connection?.then((client) => client.close(), () => {});
    connectionKey = apiKey;
    const url = new URL('api/v1/ws', document.baseURI);
    const opening = TtsClient.connect(url, {apiKey: apiKey || undefined, connectTimeoutMs: CONNECT_TIMEOUT_MS});
    const forget = () => {
        if (connection === opening) {
            connection = null; // the next Speak opens a new one
        }
    };
    connection = opening;
    opening.then((client) => {
        client.on('send', (message) => log('→', JSON.stringify(message)));
        client.on('receive', (message) => log('←', JSON.stringify(message)));
        client.on('error', (error) => {
            fail(`${error.code}: ${error.message}`); // a message was refused; the request goes on
            render();
        });
        client.on('reconnecting', ({attempt, delayMs}) => log('…',
            `connection lost; reconnecting in ${delayMs} ms (attempt ${attempt})`));
        client.on('open', () => log('…', 'connected again'));
        client.on('close', forget); // gave up reconnecting
    }, forget);
    return opening;
}

// --- speak and stop ----------------------------------------------------------------------------

async function speak() {
    const text = ui.text.value;
    if (text.trim() === '') {
        fail('Type some text first.');
        render();
        return;
    }
    const apiKey = state.authRequired ? ui.apiKey.value.trim() : '';
    if (state.authRequired && apiKey === '') {
        fail('This gateway needs a client API key: enter it above.');
        ui.apiKey.focus();
        render();
        return;
    }
    stop();
    const unlocked = player.unlock(); // before any await: the click is the user gesture
    const id = `play-${++requestCounter}-${Date.now().toString(36)}`;
    const request = {id, speech: null, sentAt: 0, decoder: null, stopped: false, finished: false, typing: null};
    current = request;
    resetFigures(id);
    state.status = 'connecting';
    render();
    let client;
    try {
        [, client] = await Promise.all([unlocked, connect(apiKey)]);
    } catch (e) {
        if (current === request) {
            finish(e.message + (state.authRequired ? ' — check the API key' : ''));
        }
        render();
        return;
    }
    if (current !== request || request.stopped) {
        return; // stopped while connecting
    }
    player.begin();
    state.status = 'streaming';
    const options = {requestId: id, provider: ui.provider.value, format: ui.format.value};
    const voice = ui.voice.value.trim();
    if (voice) {
        options.voice = voice;
    }
    request.sentAt = performance.now();
    if (ui.llm.checked) {
        request.speech = client.stream(options);
        typeLikeAnLlm(request, text, paceMs());
    } else {
        request.speech = client.speak(text, options);
    }
    play(request);
    render();
}

/** Streams the text as an LLM would: leading-space words, one `append` each, then `end`. */
function typeLikeAnLlm(request, text, pace) {
    const words = text.match(/\s*\S+/g) || [];
    state.wordsTotal = words.length;
    let index = 0;
    const next = () => {
        if (current !== request || request.stopped || request.finished) {
            return;
        }
        request.typing = null;
        request.speech.append(words[index]); // the first append carries the options
        index++;
        state.wordsSent = index;
        if (index < words.length) {
            request.typing = setTimeout(next, pace);
        } else {
            request.speech.end();
        }
        render();
    };
    next();
}

function paceMs() {
    const value = Number(ui.pace.value);
    return Number.isFinite(value) ? Math.min(2000, Math.max(0, value)) : 40;
}

/** Cancels the request in flight (if any) and silences everything scheduled at once. */
function stop() {
    if (current && !current.stopped) {
        current.stopped = true;
        clearTimeout(current.typing);
        current.typing = null;
        if (!current.finished) {
            if (current.speech) {
                current.speech.cancel(); // its `done` (cancelled) ends it, in play()
                state.status = 'cancelling';
            } else {
                finish(null, 'cancelled');
            }
        }
    }
    player.stop();
    render();
}

// --- what the gateway sends --------------------------------------------------------------------

/** Plays a request's audio as it comes, then shows how it ended. */
async function play(request) {
    const speech = request.speech;
    speech.on('start', (message) => onStart(request, message));
    try {
        for await (const chunk of speech) {
            onAudio(request, chunk);
        }
        onDone(request, await speech.done);
    } catch (error) {
        onFailed(request, error);
    }
    render();
}

function onStart(request, message) {
    if (current !== request) {
        return;
    }
    try {
        request.decoder = new StreamDecoder(message.format);
    } catch (e) {
        fail(e.message);
        stop();
        return;
    }
    state.source = message.source;
    state.format = message.format;
    render();
}

function onDone(request, message) {
    if (current !== request) {
        return; // an earlier, stopped request
    }
    state.lastDone = message;
    end(request);
    finish(null, message.status === 'completed' ? 'done' : message.status);
}

/** A failed `done`, a refused request (no `done` follows), or the connection lost. */
function onFailed(request, error) {
    if (current !== request) {
        return;
    }
    if (!(error instanceof TtsError)) {
        throw error;
    }
    state.lastDone = {action: 'done', requestId: request.id, status: 'failed',
        error: {code: error.code, message: error.message, retryable: error.retryable}};
    end(request);
    if (request.stopped) {
        finish(null, 'cancelled');
    } else {
        finish(`${error.code}: ${error.message}`);
    }
}

function end(request) {
    request.finished = true;
    clearTimeout(request.typing);
    request.typing = null;
}

function onAudio(request, chunk) {
    if (current !== request || request.stopped || request.decoder === null) {
        state.lateFrames++; // audio of a stopped request still in flight: never played, never counted
        return;
    }
    if (state.framesReceived === 0) {
        state.ttfaMs = Math.round(performance.now() - request.sentAt);
    }
    state.framesReceived++;
    state.bytesReceived += chunk.byteLength;
    const samples = request.decoder.decode(chunk);
    if (samples.length === 0) {
        return;
    }
    const sampleRate = request.decoder.sampleRate;
    const startAt = player.schedule(samples, sampleRate);
    state.secondsScheduled += samples.length / sampleRate;
    if (state.ttfpMs === null) {
        const untilStart = (startAt - player.currentTime) * 1000;
        state.ttfpMs = Math.round(performance.now() - request.sentAt + untilStart);
    }
    scheduleRender();
}

// --- figures -----------------------------------------------------------------------------------

function resetFigures(id) {
    Object.assign(state, {
        requestId: id, source: null, format: null, framesReceived: 0, bytesReceived: 0,
        secondsScheduled: 0, ttfaMs: null, ttfpMs: null, lateFrames: 0, wordsSent: 0, wordsTotal: 0,
        lastDone: null, error: null,
    });
}

/** Ends the current request with a status; an error message makes it `failed`. */
function finish(errorMessage, status) {
    if (errorMessage) {
        state.status = 'failed';
        state.error = errorMessage;
    } else {
        state.status = status;
    }
    if (current) {
        current.finished = true;
    }
}

function fail(message) {
    state.error = message;
}

function snapshot() {
    return {
        ...state,
        lastDone: state.lastDone ? {...state.lastDone} : null,
        playing: player.playing,
        scheduledSources: player.sources.size,
        underruns: player.underruns,
        audioTime: player.currentTime,
        contextState: player.contextState,
    };
}

let renderPending = false;

function scheduleRender() {
    if (!renderPending) {
        renderPending = true;
        requestAnimationFrame(() => {
            renderPending = false;
            render();
        });
    }
}

function render() {
    const s = snapshot();
    ui.status.textContent = s.status + (s.wordsTotal > 0 && !TERMINAL.has(s.status)
        ? ` (typed ${s.wordsSent} of ${s.wordsTotal} words)` : '');
    ui.status.dataset.status = s.status;
    ui.playback.textContent = s.playing ? 'playing' : 'silent';
    ui.source.textContent = s.source || '–';
    ui.streamFormat.textContent = s.format || '–';
    ui.ttfa.textContent = s.ttfaMs === null ? '–' : `${s.ttfaMs} ms`;
    ui.ttfp.textContent = s.ttfpMs === null ? '–' : `${s.ttfpMs} ms`;
    ui.received.textContent = s.framesReceived === 0 ? '–'
        : `${formatBytes(s.bytesReceived)} in ${s.framesReceived} frames`;
    ui.seconds.textContent = s.secondsScheduled === 0 ? '–'
        : `${s.secondsScheduled.toFixed(2)} s` + (s.underruns > 0 ? ` (${s.underruns} gap${s.underruns === 1 ? '' : 's'})` : '');
    ui.error.hidden = !s.error;
    ui.error.textContent = s.error || '';
    ui.stop.disabled = !(s.playing || (current !== null && !current.finished && !current.stopped));
}

function formatBytes(bytes) {
    return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

function log(direction, text) {
    const item = document.createElement('li');
    const arrow = document.createElement('span');
    arrow.className = 'direction';
    arrow.textContent = direction;
    const body = document.createElement('code');
    body.textContent = text.length > LOG_MESSAGE_CHARS ? `${text.slice(0, LOG_MESSAGE_CHARS)}…` : text;
    item.append(arrow, body);
    ui.log.append(item);
    while (ui.log.childElementCount > LOG_LIMIT) {
        ui.log.firstElementChild.remove();
    }
    ui.log.scrollTop = ui.log.scrollHeight;
}

// --- wiring ------------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    speak();
});
ui.stop.addEventListener('click', stop);
ui.provider.addEventListener('change', onProviderChanged);
setInterval(() => {
    if (player.playing || ui.playback.textContent === 'playing') {
        render();
    }
}, RENDER_INTERVAL_MS);

/** Read-only view for tests and the curious: window.playground.state(). */
window.playground = Object.freeze({
    state: snapshot,
});

loadProviders();
