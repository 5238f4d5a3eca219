/**
 * The embedded engine: MaryTTS 5.2.1 with the {@code cmu-slt-hsmm} voice, in process, no key and
 * no network. It speaks sentence by sentence so the first audio of a long text comes as soon as its
 * first sentence is synthesized.
 */
package io.ttsgateway.marytts;
