// The official openai SDK against the gateway's OpenAI-compatible speech API.
//
//   node e2e/openai-sdk.mjs <case> <baseURL> <apiKey> <workDir> [arguments...]
//
// Cases (exit 0 when every check passes, 1 when one fails, 2 on bad usage):
//   formats <model,...> <format,...>  each model in each format: streamed to a file, then decoded
//                                     back with ffprobe/ffmpeg (Debian's ffmpeg), which must find
//                                     mono audio of the expected length
//   sse <model>                       stream_format "sse": speech.audio.delta events whose audio
//                                     concatenates to the same PCM as a plain request, then done
//   errors <model>                    a bad voice (400), an unknown model (404), an unsupported
//                                     format (400), in OpenAI's error shape through the SDK's errors
//   unauthorized <model>              the SDK with a wrong key: 401 AuthenticationError
//   abort <model>                     reads the first audio, then aborts the request; prints "aborted"
//   first-byte <model> <n> [voice]    prints RESULT {"p50":..} of n streamed requests' first audio (voice: alloy)
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';

const [testCase, baseURL, apiKey, workDir, ...rest] = process.argv.slice(2);
if (!testCase || !baseURL || !apiKey || !workDir) {
    console.error('usage: node e2e/openai-sdk.mjs <case> <baseURL> <apiKey> <workDir> [arguments...]');
    process.exit(2);
}
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const failures = [];
const check = (ok, message) => {
    if (!ok) {
        failures.push(message);
        console.error('FAIL ' + message);
    }
};
let sentence = 0;
const text = () => `The gateway speaks this sentence, number ${++sentence}, at ${Date.now()}.`;

/** What ffprobe finds in a file: codec, rate, channels, duration. */
function probe(file, format) {
    const raw = format === 'pcm' ? ['-f', 's16le', '-ar', '24000', '-ac', '1'] : [];
    const out = execFileSync('ffprobe', ['-v', 'error', ...raw, '-show_entries',
        'stream=codec_name,sample_rate,channels:format=duration', '-of', 'json', file]);
    const json = JSON.parse(out.toString());
    const stream = json.streams?.[0] ?? {};
    return { codec: stream.codec_name, rate: Number(stream.sample_rate), channels: stream.channels,
             duration: Number(json.format?.duration) };
}

/** Seconds of audio ffmpeg decodes from a file (the container's own duration may be unknown). */
function decodedSeconds(file, format) {
    const raw = format === 'pcm' ? ['-f', 's16le', '-ar', '24000', '-ac', '1'] : [];
    const pcm = execFileSync('ffmpeg', ['-v', 'error', ...raw, '-i', file, '-f', 's16le', '-ac', '1', '-ar',
        '24000', '-'], { maxBuffer: 64 * 1024 * 1024 });
    return pcm.length / 2 / 24000;
}

async function streamToFile(response, file) {
    const chunks = [];
    for await (const chunk of response.body) {
        chunks.push(Buffer.from(chunk));
    }
    const bytes = Buffer.concat(chunks);
    await writeFile(file, bytes);
    return bytes;
}

async function formats(models, formatList) {
    for (const model of models.split(',')) {
        for (const format of formatList.split(',')) {
            const file = join(workDir, `${model.replaceAll('/', '_')}.${format}`);
            const response = await client.audio.speech.create({ model, voice: 'alloy', input: text(),
                response_format: format });
            const bytes = await streamToFile(response, file);
            check(bytes.length > 0, `${model} ${format}: no audio`);
            try {
                const found = probe(file, format);
                const seconds = decodedSeconds(file, format);
                check(found.channels === 1, `${model} ${format}: ${found.channels} channels`);
                check(seconds > 0.3, `${model} ${format}: only ${seconds} s decoded`);
                console.log(`${model} ${format}: ${bytes.length} bytes, ${found.codec}, ${seconds.toFixed(2)} s`);
            } catch (e) {
                check(false, `${model} ${format}: not decodable: ${e.message}`);
            }
        }
    }
}

async function sse(model) {
    const input = text();
    const plain = Buffer.from(await (await client.audio.speech.create({ model, voice: 'alloy', input,
        response_format: 'pcm' })).arrayBuffer());
    const response = await client.audio.speech.create({ model, voice: 'alloy', input, response_format: 'pcm',
        stream_format: 'sse' });
    check(response.headers.get('content-type')?.startsWith('text/event-stream'),
        `content type ${response.headers.get('content-type')}`);
    const body = await response.text();
    const events = body.split('\n').filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice('data:'.length)));
    const deltas = events.filter((event) => event.type === 'speech.audio.delta');
    const done = events.filter((event) => event.type === 'speech.audio.done');
    check(deltas.length > 0, 'no speech.audio.delta');
    check(done.length === 1 && events.at(-1).type === 'speech.audio.done', 'speech.audio.done is not the one last event');
    check(typeof done[0]?.usage?.total_tokens === 'number', 'done has no usage');
    const audio = Buffer.concat(deltas.map((event) => Buffer.from(event.audio, 'base64')));
    check(audio.equals(plain), `SSE audio (${audio.length} bytes) differs from the plain response (${plain.length})`);
    console.log(`sse: ${deltas.length} deltas, ${audio.length} bytes`);
}

async function expectError(request, status, field, code) {
    try {
        await client.audio.speech.create(request);
        check(false, `${JSON.stringify(request)}: no error`);
    } catch (e) {
        check(e instanceof OpenAI.APIError, `${e}: not an APIError`);
        check(e.status === status, `${JSON.stringify(request)}: status ${e.status}, not ${status}`);
        check(typeof e.error?.message === 'string' && 'type' in e.error && 'param' in e.error && 'code' in e.error,
            `error body not in OpenAI's shape: ${JSON.stringify(e.error)}`);
        if (field) {
            check(e.error?.[field[0]] === field[1], `${field[0]} is ${e.error?.[field[0]]}, not ${field[1]}`);
        }
        if (code) {
            check(e.error?.code === code, `code ${e.error?.code}, not ${code}`);
        }
        console.log(`${status}: ${e.error?.message}`);
    }
}

async function errors(model) {
    await expectError({ model, voice: 'voice_missing', input: text(), response_format: 'pcm' }, 400);
    await expectError({ model: 'no-such-model', voice: 'alloy', input: text(), response_format: 'pcm' }, 404,
        ['param', 'model'], 'model_not_found');
    await expectError({ model, voice: 'alloy', input: text(), response_format: 'aac' }, 400,
        ['param', 'response_format']);
}

async function unauthorized(model) {
    try {
        await client.audio.speech.create({ model, voice: 'alloy', input: text(), response_format: 'pcm' });
        check(false, 'a wrong key was accepted');
    } catch (e) {
        check(e instanceof OpenAI.AuthenticationError, `${e}: not an AuthenticationError`);
        check(e.error?.code === 'invalid_api_key', `code ${e.error?.code}`);
    }
}

async function abort(model) {
    const controller = new AbortController();
    const response = await client.audio.speech.create({ model, voice: 'alloy', input: text(), response_format: 'pcm' },
        { signal: controller.signal });
    const reader = response.body.getReader();
    const first = await reader.read();
    check(!first.done && first.value.length > 0, 'no first audio');
    controller.abort();
    try {
        await reader.read();
    } catch {
        // aborted, as asked
    }
    console.log('aborted');
}

async function firstByte(model, count, voice = 'alloy') {
    const times = [];
    for (let i = 0; i < Number(count); i++) {
        const started = performance.now();
        const response = await client.audio.speech.create({ model, voice, input: text(),
            response_format: 'pcm' }).asResponse();
        const reader = response.body.getReader();
        await reader.read();
        times.push(performance.now() - started);
        while (!(await reader.read()).done) {
            // drain
        }
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    console.log('RESULT ' + JSON.stringify({ count: times.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) }));
}

await mkdir(workDir, { recursive: true });
const cases = { formats, sse, errors, unauthorized, abort, 'first-byte': firstByte };
if (!cases[testCase]) {
    console.error(`unknown case ${testCase}; one of ${Object.keys(cases).join(', ')}`);
    process.exit(2);
}
try {
    await cases[testCase](...rest);
} catch (e) {
    check(false, `${testCase}: ${e.stack ?? e}`);
}
if (failures.length > 0) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
}
console.log(`${testCase}: ok`);
