package io.ttsgateway.session.options;

import java.util.Optional;
import java.util.function.Function;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.MessageParser;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.session.protocol.RequestOptions;
import io.ttsgateway.synthesis.ProviderRegistry;

/**
 * Turns what a request asks for into the provider that speaks it and how: the request's own
 * options laid over the connection's defaults (the upgrade's query string), then the provider
 * and format looked up. One per connection.
 */
public final class OptionResolution {

    /**
     * A request's options, resolved.
     *
     * @param provider the provider asked for (its fallbacks follow it)
     * @param spec     how every segment is spoken
     */
    public record Resolved(TtsProvider provider, RequestSpec spec) {
    }

    private final ProviderRegistry providers;
    private final AudioFormat defaultFormat;
    private final RequestOptions defaults;
    /** Why the query string's options are malformed (every request fails), or {@code null}. */
    private final ProtocolException defaultsError;
    /** An unknown provider or format in the query string: told at open; requests relying on it fail. */
    private final ProtocolException defaultsWarning;

    private OptionResolution(ProviderRegistry providers, AudioFormat defaultFormat, RequestOptions defaults,
                             ProtocolException defaultsError, ProtocolException defaultsWarning) {
        this.providers = providers;
        this.defaultFormat = defaultFormat;
        this.defaults = defaults;
        this.defaultsError = defaultsError;
        this.defaultsWarning = defaultsWarning;
    }

    /**
     * The resolution of a connection with no options of its own.
     *
     * @param providers     the providers offered
     * @param defaultFormat the format of requests that name none
     * @return the resolution
     */
    public static OptionResolution withoutDefaults(ProviderRegistry providers, AudioFormat defaultFormat) {
        return new OptionResolution(providers, defaultFormat, RequestOptions.NONE, null, null);
    }

    /**
     * The resolution of a connection whose upgrade carried default options.
     *
     * @param providers     the providers offered
     * @param defaultFormat the format of requests that name none
     * @param query         the first value of a query parameter, or {@code null} when absent
     * @return the resolution; a malformed query string fails every request, not the upgrade
     */
    public static OptionResolution withDefaults(ProviderRegistry providers, AudioFormat defaultFormat,
                                                Function<String, String> query) {
        OptionResolution bare = withoutDefaults(providers, defaultFormat);
        RequestOptions defaults;
        try {
            defaults = MessageParser.queryOptions(query);
        } catch (ProtocolException e) {
            return new OptionResolution(providers, defaultFormat, RequestOptions.NONE, e, null);
        }
        try {
            bare.provider(defaults.provider(), null);
            bare.format(defaults.format(), null);
            return new OptionResolution(providers, defaultFormat, defaults, null, null);
        } catch (ProtocolException e) {
            return new OptionResolution(providers, defaultFormat, defaults, null, new ProtocolException(
                    e.error().code(), "in the connection's query string: " + e.error().message()));
        }
    }

    /**
     * What is wrong with the connection's defaults, to tell the client once it is open.
     *
     * @return the error, or empty when the defaults are fine
     */
    public Optional<ProtocolException> problem() {
        return Optional.ofNullable(defaultsError != null ? defaultsError : defaultsWarning);
    }

    /**
     * Resolves one request's options.
     *
     * @param requestId the request, named in any error
     * @param options   the request's own options
     * @return the provider and how it speaks
     * @throws ProtocolException when the defaults are malformed, or the provider or format is unknown
     */
    public Resolved resolve(String requestId, RequestOptions options) throws ProtocolException {
        if (defaultsError != null) {
            throw new ProtocolException(defaultsError.error().code(), "the connection's query string is invalid: "
                    + defaultsError.error().message(), requestId);
        }
        RequestOptions merged = options.orElse(defaults);
        TtsProvider provider = provider(merged.provider(), requestId);
        return new Resolved(provider, new RequestSpec(format(merged.format(), requestId), merged.voice(),
                                                      merged.model(), merged.providerSettings(),
                                                      merged.wantsTimestamps()));
    }

    private TtsProvider provider(String name, String requestId) throws ProtocolException {
        if (name == null) {
            return providers.defaultProvider();
        }
        return providers.find(name).orElseThrow(() -> new ProtocolException(
                ErrorCode.UNKNOWN_PROVIDER, "provider '" + name + "' is not available; this gateway offers "
                + String.join(", ", providers.names()), requestId));
    }

    private AudioFormat format(String name, String requestId) throws ProtocolException {
        if (name == null) {
            return defaultFormat;
        }
        try {
            return AudioFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_FORMAT, e.getMessage() + "; use pcm_<rate> or wav_<rate> "
                    + "with a rate of " + AudioFormat.PCM_RATES.stream().sorted().toList() + ", ulaw_8000 or alaw_8000",
                                        requestId);
        }
    }
}
