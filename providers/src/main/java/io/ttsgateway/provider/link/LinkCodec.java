package io.ttsgateway.provider.link;

import java.util.List;

import io.ttsgateway.provider.ProviderException;

/**
 * What a vendor supplies to run on a {@link Link}: how its messages read, how a request is stopped,
 * and what a close means. Called on the link's reader; must not block.
 */
public interface LinkCodec {

    /**
     * Reads a text message.
     *
     * @param message the whole message
     * @return what it says; {@link Frame#IGNORED} for anything that concerns nobody
     */
    Frame decode(String message);

    /**
     * Reads a binary message; most providers send none.
     *
     * @param message the whole message
     * @return what it says
     */
    default Frame decode(byte[] message) {
        return Frame.IGNORED;
    }

    /**
     * The messages that stop a request at the provider, sent when its reader closes it before it
     * ended.
     *
     * @param route the request
     * @return the messages, in order; empty when the provider has no cancel
     */
    List<String> cancel(String route);

    /**
     * Whether the request keeps its slot on the link after a cancel until the provider confirms it
     * ({@link Frame.Done} or {@link Frame.Failed}) or {@link LinkLimits#cancelWait()} passes.
     *
     * @return true for providers that count a cancelled context until its final message
     */
    default boolean cancelHoldsSlot() {
        return false;
    }

    /**
     * The error for requests in flight when the provider closed the socket or it was lost.
     *
     * @param code   the close code ({@code 1006} when lost without a close frame)
     * @param reason the provider's reason, possibly an error code
     * @return the error, usually {@code UNAVAILABLE}
     */
    ProviderException closed(int code, String reason);

    /**
     * Whether requests the provider had not answered when it closed the socket may be sent again on
     * another link (the close came before it read them: lost, idle, too old).
     *
     * @param code   the close code
     * @param reason the provider's reason
     * @return false when the close is the provider's answer to what was sent (a refused request)
     */
    default boolean resendable(int code, String reason) {
        return true;
    }

    /**
     * Messages sent before the gateway closes a link, for providers with a close command of their own.
     *
     * @return the messages, in order; empty for none
     */
    default List<String> goodbye() {
        return List.of();
    }

    /**
     * Whether requests must wait for a {@link Frame.Ready} after the upgrade.
     *
     * @return false when the link is ready once the upgrade succeeds
     */
    default boolean awaitsReady() {
        return false;
    }
}
