// The tts-gateway playground: speaks the text of a textarea through the gateway's WebSocket
// (/api/v1/ws) and plays the audio frames as they arrive, with the Web Audio API.
//
// Parts, top to bottom: G.711 tables, StreamDecoder (bytes of one stream -> Float32 samples),
// AudioPlayer (gapless scheduling of those samples), GatewaySocket (the one WebSocket), then the
// page: one request at a time, its figures, and window.playground.state() for tests.

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

    /** Samples of one binary frame (possibly none, when the frame held only a header or half a sample). */
    decode(arrayBuffer) {
        let bytes = new Uint8Array(arrayBuffer);
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
// GatewaySocket: the page's one WebSocket to /api/v1/ws

/** One WebSocket, opened on first use and reopened when it closed or the API key changed. */
class GatewaySocket {
    constructor({onText, onBinary, onClose}) {
        this.handlers = {onText, onBinary, onClose};
        this.socket = null;
        this.key = '';
    }

    /** The WebSocket URL on the page's own origin (ws:// or wss:// like the page). */
    static url(apiKey) {
        const url = new URL('api/v1/ws', document.baseURI);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        if (apiKey) {
            url.searchParams.set('api_key', apiKey);
        }
        return url.toString();
    }

    get open() {
        return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
    }

    /** Resolves once the socket is open; rejects with a readable Error when it cannot open. */
    connect(apiKey) {
        if (this.open && this.key === apiKey) {
            return Promise.resolve();
        }
        this.close();
        this.key = apiKey;
        const socket = new WebSocket(GatewaySocket.url(apiKey));
        socket.binaryType = 'arraybuffer';
        this.socket = socket;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                socket.close();
                reject(new Error(`the gateway did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
            }, CONNECT_TIMEOUT_MS);
            socket.onopen = () => {
                clearTimeout(timer);
                socket.onmessage = (event) => {
                    if (typeof event.data === 'string') {
                        this.handlers.onText(event.data);
                    } else {
                        this.handlers.onBinary(event.data);
                    }
                };
                socket.onclose = (event) => {
                    if (this.socket === socket) {
                        this.socket = null;
                        this.handlers.onClose(event);
                    }
                };
                resolve();
            };
            socket.onclose = (event) => {
                clearTimeout(timer);
                if (this.socket === socket) {
                    this.socket = null;
                }
                reject(new Error(`could not connect (WebSocket closed with code ${event.code})`));
            };
        });
    }

    send(message) {
        this.socket.send(JSON.stringify(message));
    }

    close() {
        if (this.socket) {
            const socket = this.socket;
            this.socket = null;
            socket.onclose = null;
            socket.close();
        }
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
/** The request in flight: {id, sentAt, decoder, stopped, finished, typing}. */
let current = null;

const player = new AudioPlayer();
const socket = new GatewaySocket({onText: onServerText, onBinary: onAudioFrame, onClose: onSocketClosed});

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
    current = {id, sentAt: 0, decoder: null, stopped: false, finished: false, typing: null};
    resetFigures(id);
    state.status = 'connecting';
    render();
    try {
        await Promise.all([unlocked, socket.connect(apiKey)]);
    } catch (e) {
        if (current && current.id === id) {
            finish(e.message + (state.authRequired ? ' — check the API key' : ''));
        }
        render();
        return;
    }
    if (!current || current.id !== id || current.stopped) {
        return; // stopped while connecting
    }
    player.begin();
    state.status = 'streaming';
    const options = {provider: ui.provider.value, format: ui.format.value};
    const voice = ui.voice.value.trim();
    if (voice) {
        options.voice = voice;
    }
    if (ui.llm.checked) {
        typeLikeAnLlm(id, text, options, paceMs());
    } else {
        current.sentAt = performance.now();
        send({action: 'synthesize', requestId: id, text, ...options});
    }
    render();
}

/** Streams the text as an LLM would: leading-space words, one `append` each, then `end`. */
function typeLikeAnLlm(id, text, options, pace) {
    const words = text.match(/\s*\S+/g) || [];
    state.wordsTotal = words.length;
    let index = 0;
    const next = () => {
        if (!current || current.id !== id || current.stopped || current.finished) {
            return;
        }
        current.typing = null;
        const message = {action: 'append', requestId: id, text: words[index]};
        if (index === 0) {
            Object.assign(message, options); // options travel with the first append only
            current.sentAt = performance.now();
        }
        send(message);
        index++;
        state.wordsSent = index;
        if (index < words.length) {
            current.typing = setTimeout(next, pace);
        } else {
            send({action: 'end', requestId: id});
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
            if (socket.open) {
                send({action: 'cancel', requestId: current.id});
                state.status = 'cancelling';
            } else {
                finish(null, 'cancelled');
            }
        }
    }
    player.stop();
    render();
}

function send(message) {
    socket.send(message);
    log('→', JSON.stringify(message));
}

// --- what the server sends ---------------------------------------------------------------------

function onServerText(text) {
    log('←', text);
    let message;
    try {
        message = JSON.parse(text);
    } catch (e) {
        return;
    }
    const ours = current !== null && message.requestId === current.id;
    if (message.action === 'error' && (ours || message.requestId == null)) {
        onError(message);
        return;
    }
    if (!ours) {
        return; // a message of an earlier, stopped request
    }
    switch (message.action) {
        case 'start':
            onStart(message);
            break;
        case 'done':
            onDone(message);
            break;
        default:
            break; // alignment: not asked for
    }
    render();
}

function onStart(message) {
    try {
        current.decoder = new StreamDecoder(message.format);
    } catch (e) {
        fail(e.message);
        stop();
        return;
    }
    state.source = message.source;
    state.format = message.format;
}

function onDone(message) {
    state.lastDone = message;
    current.finished = true;
    clearTimeout(current.typing);
    current.typing = null;
    if (message.status === 'failed') {
        const error = message.error || {};
        finish(`${error.code || 'failed'}: ${error.message || 'no message'}`);
    } else {
        finish(null, message.status === 'completed' ? 'done' : message.status);
    }
}

function onError(message) {
    const text = `${message.code}: ${message.message}`;
    if (current && !current.finished && current.decoder === null && message.requestId === current.id) {
        // The request never started: it could not be made (bad option, no such provider...), and
        // no `done` follows.
        clearTimeout(current.typing);
        current.typing = null;
        if (current.stopped) {
            finish(null, 'cancelled');
        } else {
            finish(text);
        }
    } else {
        fail(text); // the request goes on; show why a message was refused
    }
    render();
}

function onAudioFrame(data) {
    if (!current || current.stopped || current.decoder === null) {
        state.lateFrames++; // audio of a stopped request still in flight: never played, never counted
        return;
    }
    if (state.framesReceived === 0) {
        state.ttfaMs = Math.round(performance.now() - current.sentAt);
    }
    state.framesReceived++;
    state.bytesReceived += data.byteLength;
    const samples = current.decoder.decode(data);
    if (samples.length === 0) {
        return;
    }
    const sampleRate = current.decoder.sampleRate;
    const startAt = player.schedule(samples, sampleRate);
    state.secondsScheduled += samples.length / sampleRate;
    if (state.ttfpMs === null) {
        const untilStart = (startAt - player.currentTime) * 1000;
        state.ttfpMs = Math.round(performance.now() - current.sentAt + untilStart);
    }
    scheduleRender();
}

function onSocketClosed(event) {
    if (current && !current.finished) {
        current.finished = true;
        clearTimeout(current.typing);
        finish(`connection closed (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`);
    }
    render();
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
