package io.ttsgateway.provider.link;

import java.util.List;

import io.ttsgateway.provider.ProviderException;

/**
 * What a vendor supplies to run on a {@link Link}: how its messages read, how a request is stopped,
 * and what a close means. Called on the link's reader; must not block.
 */
public interface LinkCodec {

    /** Reads a text message; {@link Frame#IGNORED} for anything that concerns nobody. */
    Frame decode(String message);

    /** Reads a binary message; most providers send none. */
    default Frame decode(byte[] message) {
        return Frame.IGNORED;
    }

    /** The messages, in order, that stop a request at the provider; empty when it has no cancel. */
    List<String> cancel(String route);

    /** Whether a cancelled request keeps its slot until Done/Failed or {@link LinkLimits#cancelWait()}. */
    default boolean cancelHoldsSlot() {
        return false;
    }

    /** The error of requests in flight when the socket ended ({@code code} 1006 when lost without a close). */
    ProviderException closed(int code, String reason);

    /** A message of a request resent under a new id ({@link Route#renew()}); the same by default. */
    default String readdress(String message, String from, String to) {
        return message;
    }

    /** Whether requests the provider had not answered may go again after this close (false: it refused them). */
    default boolean resendable(int code, String reason) {
        return true;
    }

    /** Messages sent before the gateway closes a link, for providers with a close command of their own. */
    default List<String> goodbye() {
        return List.of();
    }

    /** Whether requests wait for a {@link Frame.Ready} after the upgrade. */
    default boolean awaitsReady() {
        return false;
    }
}
