package io.ttsgateway.loadgen.fuzz;

/**
 * One thing the fuzzer sends, as the bytes it writes, and the answer it must get.
 */
public sealed interface FuzzStep {

    /**
     * What kind of input this is, for the report.
     *
     * @return a short name
     */
    String kind();

    /**
     * The frames to write.
     *
     * @return bytes, ready for the socket
     */
    byte[] wire();

    /**
     * WebSocket messages in {@link #wire()}.
     *
     * @return count
     */
    int messages();

    /**
     * A valid request (one or more messages): exactly one {@code done} with its id.
     *
     * @param kind     synthesize, fragmented or streamed
     * @param id       its request id
     * @param wire     its frames
     * @param messages messages it takes
     */
    record Request(String kind, String id, byte[] wire, int messages) implements FuzzStep {
    }

    /**
     * A cancel: no answer of its own; its request still gets its one {@code done}.
     *
     * @param id   the id cancelled
     * @param wire its frame
     */
    record Cancel(String id, byte[] wire) implements FuzzStep {
        @Override
        public String kind() {
            return "cancel";
        }

        @Override
        public int messages() {
            return 1;
        }
    }

    /**
     * A ping: a pong with the same payload.
     *
     * @param payload its payload
     * @param wire    its frame
     */
    record Ping(byte[] payload, byte[] wire) implements FuzzStep {
        @Override
        public String kind() {
            return "ping";
        }

        @Override
        public int messages() {
            return 1;
        }
    }

    /**
     * A message the gateway refuses: one {@code error} with its code, the connection goes on.
     *
     * @param kind what is wrong with it
     * @param id   the request id it carries, or null
     * @param wire its frames
     * @param code the error code it gets
     */
    record Bad(String kind, String id, byte[] wire, String code) implements FuzzStep {
        @Override
        public int messages() {
            return 1;
        }
    }

    /**
     * A frame that breaks RFC 6455: the connection is closed with {@code closeCode}.
     *
     * @param kind      which rule it breaks
     * @param wire      its bytes
     * @param closeCode 1002, 1007 or 1009
     */
    record BadFrame(String kind, byte[] wire, int closeCode) implements FuzzStep {
        @Override
        public int messages() {
            return 1;
        }
    }
}
