package io.ttsgateway.fakes;

/**
 * What every fake provider offers a test: where it listens, how it behaves, what it saw.
 */
public interface FakeProvider extends AutoCloseable {

    /**
     * The base URL to configure the gateway with ({@code *_BASE_URL}).
     *
     * @return for example {@code http://127.0.0.1:40123}
     */
    String baseUrl();

    /**
     * The fake's script: pace, size and the next failure.
     *
     * @return the behaviour, changeable between requests
     */
    FakeBehavior behavior();

    /**
     * What the fake saw.
     *
     * @return the events
     */
    FakeEvents events();

    /**
     * Stops the fake's server.
     */
    @Override
    void close();
}
