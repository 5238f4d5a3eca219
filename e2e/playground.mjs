// The playground in headless Chromium: speak a long text, hear it play, stop it mid-stream,
// optionally type a short text "like an LLM" (append + end), and keep a screenshot.
//
// Usage: node playground.mjs <baseUrl> <screenshotPath> [--llm]
//   baseUrl         the gateway, e.g. http://localhost:8002/
//   screenshotPath  where the PNG of the page (taken while audio plays) is written
//   --llm           also run the "type like an LLM" mode (needs the gateway's `append` support)
// Exit code 0 when every check passed, 1 with a message naming the failed check otherwise.

import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {chromium} from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
];
/** Longest wait for any one step (page load, first audio, a `done`). */
const STEP_TIMEOUT_MS = 30_000;
/** How often the page's state is read while waiting. */
const POLL_MS = 50;
/** Audio-clock progress that proves the AudioContext is really playing. */
const CLOCK_PROGRESS_SECONDS = 0.1;
/** Audio the page should hold when the screenshot is taken. */
const SCREENSHOT_AUDIO_SECONDS = 1;
/** How long after `done cancelled` the frame count must stay as it was at Stop. */
const QUIET_AFTER_STOP_MS = 500;
const PROVIDER = 'marytts';
/**
 * Long enough that the gateway is still streaming (and certainly still playing) at Stop: the
 * engine speaks it sentence by sentence, seconds each. A run number ends it, so that no run is
 * answered from the cache of an earlier one (a cached answer arrives at once).
 */
const LONG_TEXT_WITHOUT_RUN = 'The quick brown fox jumps over the lazy dog, and then it runs all the way across the wide '
    + 'green meadow, past the old mill and the quiet river, until it reaches the edge of the dark forest '
    + 'where the tall pine trees sway gently in the evening wind. '
    + 'Meanwhile, in the little village on the other side of the hill, the baker is closing his shop, the '
    + 'children are walking home from school, and the church bell rings seven times to tell everyone that '
    + 'supper will soon be on the table. '
    + 'Nobody in the village knows that the fox is watching them from the hill, waiting patiently for the '
    + 'lights to go out one by one, so that it can visit the chicken coop behind the baker\'s house';
const LONG_TEXT = `${LONG_TEXT_WITHOUT_RUN} number ${Date.now() % 100_000}.`;
const LLM_TEXT = 'Sure! I can help with that. Let me check the schedule for you.';

class CheckFailed extends Error {
}

function check(condition, message) {
    if (!condition) {
        throw new CheckFailed(message);
    }
}

function log(message) {
    console.log(`playground: ${message}`);
}

function parseArguments(argv) {
    const flags = argv.filter((a) => a.startsWith('--'));
    const positional = argv.filter((a) => !a.startsWith('--'));
    const unknown = flags.filter((f) => f !== '--llm');
    if (positional.length !== 2 || unknown.length > 0) {
        throw new CheckFailed('usage: node playground.mjs <baseUrl> <screenshotPath> [--llm]');
    }
    return {baseUrl: positional[0], screenshotPath: positional[1], llm: flags.includes('--llm')};
}

/** The page's read-only state object. */
function state(page) {
    return page.evaluate(() => window.playground.state());
}

/** Polls the page's state until `predicate` holds; fails naming `what` and the last state seen. */
async function waitFor(page, what, predicate, timeoutMs = STEP_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
        last = await state(page);
        if (predicate(last)) {
            return last;
        }
        if (last.status === 'failed') {
            throw new CheckFailed(`request failed while waiting for ${what}: ${last.error}`);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new CheckFailed(`timed out after ${timeoutMs} ms waiting for ${what}; last state ${JSON.stringify(last)}`);
}

async function speakAndStop(page, screenshotPath) {
    await page.getByLabel('Provider').selectOption(PROVIDER);
    await page.getByLabel('Text').fill(LONG_TEXT);
    await page.getByLabel('Type like an LLM').setChecked(false);
    await page.getByRole('button', {name: 'Speak'}).click();

    const arrived = await waitFor(page, 'the first audio scheduled on a running AudioContext',
                                  (s) => s.framesReceived > 0 && s.secondsScheduled > 0 && s.contextState === 'running');
    const playing = await waitFor(page, 'the audio clock to advance while playing',
                                  (s) => s.playing && s.audioTime > arrived.audioTime + CLOCK_PROGRESS_SECONDS);
    check(playing.source === PROVIDER, `start.source should be ${PROVIDER}, was ${playing.source}`);
    check(Number.isInteger(playing.ttfaMs) && playing.ttfaMs >= 0, `ttfaMs should be set, was ${playing.ttfaMs}`);
    const ttfaText = (await page.locator('#ttfa').textContent()).trim();
    check(/^\d+ ms$/.test(ttfaText), `the page should show the time to first audio, shows "${ttfaText}"`);
    log(`audio playing: ${playing.framesReceived} frames, ${playing.secondsScheduled.toFixed(2)} s scheduled, `
            + `time to first audio ${playing.ttfaMs} ms, to first sound ${playing.ttfpMs} ms`);

    // The picture is worth more with some audio on the page (a cold gateway may pause after its first frame).
    await waitFor(page, 'a second of audio, playing', (s) => s.playing && s.secondsScheduled >= SCREENSHOT_AUDIO_SECONDS);
    await page.screenshot({path: screenshotPath, fullPage: true});
    log(`screenshot written to ${screenshotPath}`);

    const beforeStop = await state(page);
    check(beforeStop.status === 'streaming',
          `the request should still be streaming before Stop (make the text longer), was ${beforeStop.status}`);
    const stopAt = Date.now();
    await page.getByRole('button', {name: 'Stop'}).click();
    const atStop = await state(page);
    check(atStop.scheduledSources === 0, `Stop should unschedule every chunk, ${atStop.scheduledSources} left`);

    const cancelled = await waitFor(page, 'done cancelled', (s) => s.lastDone !== null);
    const cancelMs = Date.now() - stopAt;
    check(cancelled.lastDone.status === 'cancelled' && cancelled.status === 'cancelled',
          `Stop should end the request with done cancelled, got ${JSON.stringify(cancelled.lastDone)}`);
    const quietUntil = Date.now() + QUIET_AFTER_STOP_MS;
    while (Date.now() < quietUntil) {
        const after = await state(page);
        check(after.framesReceived === atStop.framesReceived,
              `no frame may count after Stop: ${atStop.framesReceived} at Stop, ${after.framesReceived} later`);
        check(!after.playing && after.scheduledSources === 0,
              `nothing may play after Stop: playing=${after.playing}, scheduled=${after.scheduledSources}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    log(`stopped: done cancelled ${cancelMs} ms after Stop, ${atStop.framesReceived} frames counted, `
            + `${cancelled.lateFrames} late frames ignored`);
}

async function typeLikeAnLlm(page) {
    await page.getByLabel('Text').fill(LLM_TEXT);
    await page.getByLabel('Type like an LLM').setChecked(true);
    await page.getByLabel('Pace (ms per word)').fill('40');
    await page.getByRole('button', {name: 'Speak'}).click();
    const done = await waitFor(page, 'done completed of the typed text',
                               (s) => s.lastDone !== null && s.wordsSent === s.wordsTotal);
    check(done.lastDone.status === 'completed' && done.status === 'done',
          `typed text should complete, got ${JSON.stringify(done.lastDone)} (${done.error})`);
    check(done.framesReceived > 0 && done.secondsScheduled > 0, 'typed text should produce audio');
    check(done.wordsTotal === LLM_TEXT.split(/\s+/).length, `every word should be appended, ${done.wordsTotal} were`);
    log(`typed like an LLM: ${done.wordsTotal} appends, ${done.secondsScheduled.toFixed(2)} s of audio, `
            + `time to first audio ${done.ttfaMs} ms`);
    await page.getByLabel('Type like an LLM').setChecked(false);
}

async function main() {
    const options = parseArguments(process.argv.slice(2));
    const userDataDir = await mkdtemp(join(tmpdir(), 'playground-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: {width: 1000, height: 900},
        timeout: STEP_TIMEOUT_MS,
    });
    try {
        const page = context.pages()[0] ?? await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        const consoleErrors = [];
        page.on('console', (message) => {
            if (message.type() === 'error') {
                consoleErrors.push(message.text());
            }
        });
        page.on('pageerror', (error) => consoleErrors.push(error.message));

        await page.goto(options.baseUrl);
        await waitFor(page, 'the provider list', (s) => s.ready);
        log('page loaded');
        await speakAndStop(page, options.screenshotPath);
        if (options.llm) {
            await typeLikeAnLlm(page);
        }
        check(consoleErrors.length === 0, `the page logged console errors: ${consoleErrors.join(' | ')}`);
        log('all checks passed');
    } finally {
        await context.close();
        await rm(userDataDir, {recursive: true, force: true});
    }
}

try {
    await main();
    process.exit(0);
} catch (e) {
    console.error(`playground: FAILED: ${e instanceof CheckFailed ? e.message : e.stack}`);
    process.exit(1);
}
