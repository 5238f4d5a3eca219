package io.ttsgateway.provider.link;

import io.ttsgateway.provider.ProviderException;

/**
 * One request in flight on a {@link Link}: where the link delivers its frames. Called on the link's
 * reader, one call at a time; must not block.
 */
public interface Route {

    /** The id the provider's messages carry for this request, unique on its link. */
    String id();

    /** A frame for this request; {@link Frame.Done} and {@link Frame.Failed} are the last. */
    void accept(Frame frame);

    /** The link ended before the request; {@code answered}: the provider had sent anything for it. */
    void lost(ProviderException error, boolean answered);

    /** The id for a resend on a new link: the same, or a new one {@link #id()} returns from then on. */
    default String renew() {
        return id();
    }
}
