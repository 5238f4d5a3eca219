package io.ttsgateway.provider;

/** The load of a provider that bounds its requests, read by the gateway's metrics; any thread. */
public interface ProviderLoad {

    /** Requests admitted and not yet ended. */
    int admitted();

    /** Requests it admits at once; one more is refused. */
    int limit();

    /** Admitted requests waiting for the engine now: the queue depth. */
    int queued();

    /** Requests refused as busy since start. */
    long refused();
}
