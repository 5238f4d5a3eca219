/**
 * Cutting streamed text into segments for synthesis.
 *
 * <p>An LLM produces a reply token by token; synthesizing each token alone sounds broken, and
 * waiting for the whole reply delays the first audio. A {@link io.ttsgateway.text.Segmenter} sits
 * between the two: it buffers the text and hands out segments at sentence ends, the first one
 * already at a clause end so the first audio comes early, later ones larger (a
 * {@link io.ttsgateway.text.SegmentSchedule}, like ElevenLabs' {@code chunk_length_schedule}).
 *
 * <p>Punctuation is read conservatively: a period only ends a sentence when whitespace follows and
 * the word before it is not an abbreviation, an initial or an initialism; decimals, versions,
 * addresses and ellipses never cut. Text may arrive in pieces of any size, even one character at a
 * time, and is cut the same way as when it arrives whole.
 */
package io.ttsgateway.text;
