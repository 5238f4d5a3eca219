/**
 * The embedded engine: MaryTTS 5.2.1 with the {@code cmu-slt-hsmm} voice, in process, no key and
 * no network. It speaks sentence by sentence so the first audio of a long text comes as soon as its
 * first sentence is synthesized.
 *
 * <p>Each sentence runs through MaryTTS's pipeline in two halves ({@link io.ttsgateway.marytts.MaryEngine}):
 * text to acoustic parameters, where the speaking rate scales the planned phone and pause durations,
 * then parameters to audio, after which the same document gives the word timings. US English only.
 */
package io.ttsgateway.marytts;
