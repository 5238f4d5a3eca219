/**
 * Reading a gateway's flight recording: where its CPU, allocation and pauses went
 * ({@code scripts/profile.sh}).
 */
package io.ttsgateway.loadgen.profile;
