package io.ttsgateway.session;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.trace.Tracing;
import io.ttsgateway.session.admission.ClientAuthenticator;
import io.ttsgateway.session.admission.OriginPolicy;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * What every session shares: the synthesizer, limits, metrics and the registry of live sessions.
 *
 * @param synthesizer   opens the audio of a request
 * @param defaultFormat format of requests that name none
 * @param limits        per-connection limits
 * @param metrics       meters
 * @param registry      live sessions, for pings, shutdown and the session count
 * @param mapper        JSON mapper
 * @param authenticator checks client API keys at the upgrade
 * @param origins       the web pages that may open a socket
 * @param tracing       request spans, when traces are exported
 */
public record SessionContext(Synthesizer synthesizer,
                             AudioFormat defaultFormat,
                             SessionLimits limits,
                             GatewayMetrics metrics,
                             SessionRegistry registry,
                             ObjectMapper mapper,
                             ClientAuthenticator authenticator,
                             OriginPolicy origins,
                             Tracing tracing) {
}
