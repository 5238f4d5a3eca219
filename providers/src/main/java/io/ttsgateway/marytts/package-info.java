/**
 * The embedded engine: MaryTTS 5.2.1 with the {@code cmu-slt-hsmm} voice, in process, no key and no
 * network, US English only. It speaks sentence by sentence, so a long text's first audio comes with
 * its first sentence; each runs through MaryTTS's pipeline in two halves, where the speaking rate
 * scales the planned durations and the same document then gives the word timings.
 */
package io.ttsgateway.marytts;
