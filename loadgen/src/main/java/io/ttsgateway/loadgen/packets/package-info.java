/**
 * Reading a loopback packet capture of a realtime round: where each request's first byte spent its
 * time inside the gateway and where at the provider ({@code REALTIME_PACKETS=on scripts/benchmark.sh realtime}).
 */
package io.ttsgateway.loadgen.packets;
