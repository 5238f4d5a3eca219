package io.ttsgateway.provider.link;

import io.ttsgateway.provider.ProviderException;

/**
 * One request in flight on a {@link Link}: where the link delivers the frames for it. Methods run on
 * the link's reader, one call at a time, and must not block.
 */
public interface Route {

    /**
     * The id the provider's messages carry for this request (context id, request id).
     *
     * @return the id, unique on its link
     */
    String id();

    /**
     * A frame for this request. {@link Frame.Done} and {@link Frame.Failed} are the last it gets.
     *
     * @param frame the frame
     */
    void accept(Frame frame);

    /**
     * The link ended before this request did.
     *
     * @param error    why, as the request should fail
     * @param answered whether the provider had sent anything for this request; when not, and the
     *                 link was reused, the request may be sent again on a new link
     */
    void lost(ProviderException error, boolean answered);
}
