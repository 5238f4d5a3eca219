/**
 * Fake cloud TTS servers for tests, written from the providers' public protocols: each checks the
 * auth header and the request shape, rejects what the real API rejects, streams audio in several
 * chunks with a scripted delay, and can be told ({@link io.ttsgateway.fakes.FakeBehavior}) to
 * fail with 401, 429 or 500, to stall, or to drop the connection mid-stream. What a fake saw is
 * recorded in {@link io.ttsgateway.fakes.FakeEvents}, which tests wait on instead of sleeping.
 * {@link io.ttsgateway.fakes.OpenAiStandIn} is OpenAI's fake made light for benchmarks: one thread
 * for all streams, no scripted failures.
 */
package io.ttsgateway.fakes;
