package io.ttsgateway.session;

import java.time.Duration;
import java.util.List;

/**
 * Shuts the sessions down together: every session gets the same grace period at once to finish its
 * requests, what is left is cancelled everywhere at once, then every socket is closed with 1001.
 * Each wait is one deadline for all sessions, so a thousand stuck sessions take no longer than one.
 */
final class SessionDrain {

    /** What the drain asks of one session. */
    interface Target {
        /**
         * Waits until every request of the session was answered.
         *
         * @return true when none is left
         */
        boolean awaitIdle(long timeoutNanos) throws InterruptedException;

        /** Cancels every request of the session, without waiting. */
        void cancelAll();

        /** Queues a close with 1001 (going away) and ends the session, without waiting. */
        void goAway();

        /**
         * Waits until nothing more will be written to the session's socket.
         *
         * @return true when closed
         */
        boolean awaitClosed(long timeoutNanos) throws InterruptedException;
    }

    /** A step that waits for one session until a deadline. */
    @FunctionalInterface
    private interface Wait {
        boolean until(Target target, long timeoutNanos) throws InterruptedException;
    }

    private final Duration cancelWait;
    private final Duration closeWait;

    /**
     * @param cancelWait how long cancelled requests get to send their {@code done}, all together
     * @param closeWait  how long the close frames get to go out, all together
     */
    SessionDrain(Duration cancelWait, Duration closeWait) {
        this.cancelWait = cancelWait;
        this.closeWait = closeWait;
    }

    /**
     * Drains sessions.
     *
     * @param sessions every session (none joins later)
     * @param grace    how long requests in flight get to finish
     * @return true when every request finished within the grace period
     */
    boolean drain(List<? extends Target> sessions, Duration grace) {
        boolean finished;
        try {
            finished = awaitAll(sessions, Target::awaitIdle, grace);
            if (!finished) {
                sessions.forEach(Target::cancelAll);
                awaitAll(sessions, Target::awaitIdle, cancelWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        sessions.forEach(Target::goAway);
        try {
            awaitAll(sessions, Target::awaitClosed, closeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finished;
    }

    /**
     * Waits for every session against one deadline: while it waits for one, the others go on, so
     * the wait is as long as the slowest session's, not their sum.
     *
     * @return true when every session got there in time
     */
    private static boolean awaitAll(List<? extends Target> sessions, Wait wait, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Target session : sessions) {
            all &= wait.until(session, deadline - System.nanoTime());
        }
        return all;
    }
}
