package io.ttsgateway.provider.net;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.ttsgateway.provider.ProviderConfig;
import io.ttsgateway.provider.ProviderFactory;
import io.ttsgateway.provider.ProviderSetting;
import io.ttsgateway.provider.TtsProvider;

/**
 * A factory of a cloud provider: configured when its API key is set.
 *
 * @param <S> the vendor's settings
 */
public abstract class CloudProviderFactory<S> implements ProviderFactory<S> {

    private final String name;
    private final int autoOrder;
    private final ProviderSetting apiKey;
    private final List<ProviderSetting> settings;
    private final Function<S, TtsProvider> create;

    protected CloudProviderFactory(String name, int autoOrder, Function<S, TtsProvider> create,
                                   ProviderSetting apiKey, ProviderSetting... others) {
        this.name = name;
        this.autoOrder = autoOrder;
        this.create = create;
        this.apiKey = apiKey;
        this.settings = Stream.concat(Stream.of(apiKey), Arrays.stream(others)).toList();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int autoOrder() {
        return autoOrder;
    }

    @Override
    public final List<ProviderSetting> settings() {
        return settings;
    }

    @Override
    public final boolean configured(ProviderConfig config) {
        return config.isSet(apiKey);
    }

    @Override
    public final String requirement() {
        return "set " + apiKey.environmentVariable();
    }

    @Override
    public final TtsProvider create(S settings) {
        return create.apply(settings);
    }

    protected final String apiKey(ProviderConfig config) {
        return config.string(apiKey);
    }

    /** A base URL ({@code *_BASE_URL}), checked as {@link Endpoints#base(String)} does. */
    protected static URI baseUrl(ProviderConfig config, ProviderSetting setting) {
        return config.parse(setting, Endpoints::base, "is not an http(s) URL");
    }
}
