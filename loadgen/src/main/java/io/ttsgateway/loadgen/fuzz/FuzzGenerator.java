package io.ttsgateway.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.ttsgateway.loadgen.fuzz.RawClient.BINARY;
import static io.ttsgateway.loadgen.fuzz.RawClient.CLOSE;
import static io.ttsgateway.loadgen.fuzz.RawClient.CONTINUATION;
import static io.ttsgateway.loadgen.fuzz.RawClient.FIN;
import static io.ttsgateway.loadgen.fuzz.RawClient.PING;
import static io.ttsgateway.loadgen.fuzz.RawClient.TEXT;
import static io.ttsgateway.loadgen.fuzz.RawClient.frame;

/**
 * Batches of fuzz input for one connection, from a seed: mostly valid requests (whole, fragmented,
 * streamed), cancels and pings, mixed with messages the gateway must refuse with an error (JSON
 * garbage, wrong types, huge fields, unknown actions, binary frames) and, now and then, a frame
 * that breaks RFC 6455 and ends the connection. The same seed gives the same input.
 */
public final class FuzzGenerator {

    /**
     * The gateway's limits the input is made against.
     *
     * @param maxTextLength   {@code SESSION_MAX_TEXT_LENGTH}
     * @param maxMessageBytes {@code SESSION_MAX_MESSAGE_BYTES}
     * @param maxFrameLength  {@code server.protocols.websocket.max-frame-length}
     */
    public record Limits(int maxTextLength, int maxMessageBytes, long maxFrameLength) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] WORDS = {"hello", "world", "the", "quick", "brown", "fox", "café", "naïve",
                                           "\uD83D\uDE00", "日本語", "über", "a", "tone", "42", "Dr.", "ok,", "yes!"};
    private static final String[] FORMATS = {"pcm_24000", "pcm_16000", "ulaw_8000"};
    private static final int MAX_BATCH = 8;
    private static final double BAD_FRAME_CHANCE = 0.05;

    private final Random random;
    private final String prefix;
    private final Limits limits;
    private int counter;

    /**
     * @param seed       the run's seed
     * @param connection which connection of the run (each has its own sequence)
     * @param limits     the gateway's limits
     */
    public FuzzGenerator(long seed, int connection, Limits limits) {
        this.random = new Random(seed * 1_000_003L + connection);
        this.prefix = "c" + connection + "-";
        this.limits = limits;
    }

    /**
     * The next batch: up to 8 steps the connection sends before it waits for their answers,
     * sometimes followed by a bad frame, sent once they are answered.
     *
     * @return steps in order
     */
    public List<FuzzStep> batch() {
        List<FuzzStep> steps = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int size = 1 + random.nextInt(MAX_BATCH);
        for (int i = 0; i < size; i++) {
            int roll = random.nextInt(100);
            FuzzStep step;
            if (roll < 35) {
                step = synthesize();
            } else if (roll < 40) {
                step = fragmented();
            } else if (roll < 46) {
                step = streamed();
            } else if (roll < 51) {
                step = cancel(ids);
            } else if (roll < 55) {
                step = ping();
            } else {
                step = bad();
            }
            if (step instanceof FuzzStep.Request request) {
                ids.add(request.id());
            }
            steps.add(step);
        }
        if (random.nextDouble() < BAD_FRAME_CHANCE) {
            steps.add(badFrame());
        }
        return steps;
    }

    private FuzzStep.Request synthesize() {
        String id = nextId();
        return new FuzzStep.Request("synthesize", id, text(json(request("synthesize", id, text(), true))), 1);
    }

    private FuzzStep.Request fragmented() {
        String id = nextId();
        String json = json(request("synthesize", id, text(), true));
        int cut = 1 + random.nextInt(json.length() - 1);
        if (Character.isLowSurrogate(json.charAt(cut))) {
            cut--; // a fragment is decoded on its own: never split a character
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(TEXT, utf8(json.substring(0, cut))));
        wire.writeBytes(frame(FIN | CONTINUATION, utf8(json.substring(cut))));
        return new FuzzStep.Request("fragmented", id, wire.toByteArray(), 1);
    }

    private FuzzStep.Request streamed() {
        String id = nextId();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(text(json(request("append", id, text() + " ", true))));
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            wire.writeBytes(text(json(request("append", id, text() + ". ", false))));
        }
        ObjectNode end = MAPPER.createObjectNode().put("action", "end").put("requestId", id);
        wire.writeBytes(text(json(end)));
        return new FuzzStep.Request("streamed", id, wire.toByteArray(), more + 2);
    }

    private FuzzStep.Cancel cancel(List<String> ids) {
        String id = ids.isEmpty() || random.nextInt(4) == 0 ? prefix + "unknown" : ids.get(random.nextInt(ids.size()));
        return new FuzzStep.Cancel(id, text(json(MAPPER.createObjectNode().put("action", "cancel").put("requestId", id))));
    }

    private FuzzStep.Ping ping() {
        byte[] payload = bytes(random.nextInt(126));
        return new FuzzStep.Ping(payload, frame(FIN | PING, payload));
    }

    private FuzzStep.Bad bad() {
        String id = nextId();
        return switch (random.nextInt(16)) {
            case 0 -> bad("garbage", null, "#" + printable(1 + random.nextInt(60)), "invalid_message");
            case 1 -> {
                String json = json(request("synthesize", id, text(), true));
                int cut = 1 + random.nextInt(json.length() - 1);
                if (Character.isLowSurrogate(json.charAt(cut))) {
                    cut--;
                }
                yield bad("truncated JSON", null, json.substring(0, cut), "invalid_message");
            }
            case 2 -> bad("not an object", null, pick("[1,2]", "\"synthesize\"", "42", "null", "true", "{}"),
                          "invalid_message");
            case 3 -> bad("wrong type", id, json(request("synthesize", id, text(), false)
                    .set("text", MAPPER.valueToTree(pick(42, List.of("a"), true, 1.5)))), "invalid_message");
            case 4 -> bad("wrong type", id, json(request("synthesize", id, text(), false)
                    .put(pick("timestamps", "speed"), "yes")), "invalid_message");
            case 5 -> bad("wrong type", null, "{\"action\":\"synthesize\",\"requestId\":" + random.nextInt(1000)
                    + ",\"text\":\"hi\"}", "invalid_message");
            case 6 -> bad("empty text", id, json(request("synthesize", id, pick("", "   ", "\n"), false)),
                          "invalid_message");
            case 7 -> bad("unknown action", id, json(request(pick("dance", "Synthesize", "speak", "stop", "cancelAll"),
                                                              id, text(), false)), "invalid_message");
            case 8 -> bad("huge requestId", null, json(request("synthesize", "r" + printable(129 + random.nextInt(200)),
                                                                text(), false)), "invalid_message");
            case 9 -> bad("huge voice", id, json(request("synthesize", id, text(), false)
                    .put("voice", "v".repeat(257 + random.nextInt(300)))), "invalid_message");
            case 10 -> bad("huge text", id, json(request("synthesize", id,
                                                          "b".repeat(limits.maxTextLength() + 1 + random.nextInt(100)),
                                                          false)), "text_too_long");
            case 11 -> bad("huge message", null, json(request("synthesize", id,
                                                               "c".repeat(limits.maxMessageBytes() + random.nextInt(1000)),
                                                               false)), "message_too_large");
            case 12 -> new FuzzStep.Bad("binary frame", null, frame(FIN | BINARY, bytes(1 + random.nextInt(300))),
                                        "invalid_message");
            case 13 -> bad("unknown provider", id, json(request("synthesize", id, text(), false).put("provider", "nope")),
                           "unknown_provider");
            case 14 -> bad("unsupported format", id, json(request("synthesize", id, text(), false)
                    .put("format", pick("mp3_44100", "pcm_1", "flac"))), "unsupported_format");
            default -> bad("speed out of range", id, json(request("synthesize", id, text(), false)
                    .put("speed", pick(0.0, 9.5, -1.0))), "invalid_message");
        };
    }

    private FuzzStep.BadFrame badFrame() {
        byte[] json = utf8(json(request("synthesize", nextId(), "never spoken", false)));
        return switch (random.nextInt(11)) {
            case 0 -> new FuzzStep.BadFrame("ping over 125 bytes", frame(FIN | PING, bytes(126 + random.nextInt(200))),
                                            1002);
            case 1 -> new FuzzStep.BadFrame("reserved bits", frame(FIN | (0x10 << random.nextInt(3)) | TEXT, json), 1002);
            case 2 -> new FuzzStep.BadFrame("unknown opcode", frame(FIN | pick(3, 4, 5, 6, 7, 0xB, 0xC, 0xF), json),
                                            1002);
            case 3 -> new FuzzStep.BadFrame("unmasked frame", frame(FIN | TEXT, false, json), 1002);
            case 4 -> new FuzzStep.BadFrame("invalid UTF-8", frame(FIN | TEXT, invalidUtf8()), 1007);
            case 5 -> new FuzzStep.BadFrame("fragmented ping", frame(PING, bytes(4)), 1002);
            case 6 -> new FuzzStep.BadFrame("orphan continuation", frame(FIN | CONTINUATION, json), 1002);
            case 7 -> new FuzzStep.BadFrame("close with 1 byte", frame(FIN | CLOSE, new byte[] {3}), 1002);
            case 8 -> new FuzzStep.BadFrame("invalid close code", frame(FIN | CLOSE, closePayload(pick(999, 1005, 2000))),
                                            1002);
            case 9 -> new FuzzStep.BadFrame("frame over the size limit",
                                            RawClient.header(FIN | BINARY, limits.maxFrameLength() + 1), 1009);
            default -> {
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                wire.writeBytes(frame(TEXT, utf8("{\"action\":")));
                wire.writeBytes(frame(FIN | TEXT, json));
                yield new FuzzStep.BadFrame("message inside a fragmented one", wire.toByteArray(), 1002);
            }
        };
    }

    private FuzzStep.Bad bad(String kind, String id, String text, String code) {
        return new FuzzStep.Bad(kind, id, text(text), code);
    }

    private ObjectNode request(String action, String id, String text, boolean options) {
        ObjectNode request = MAPPER.createObjectNode().put("action", action).put("requestId", id).put("text", text);
        if (options && random.nextBoolean()) {
            request.put("format", pick(FORMATS));
        }
        if (options && random.nextInt(4) == 0) {
            request.put("speed", pick(0.5, 1.0, 1.75));
        }
        if (options && random.nextInt(4) == 0) {
            request.put("timestamps", random.nextBoolean());
        }
        if (options && random.nextInt(6) == 0) {
            request.put("fromTheFuture", "ignored");
        }
        return request;
    }

    private String text() {
        StringBuilder text = new StringBuilder(pick(WORDS));
        int words = random.nextInt(6);
        for (int i = 0; i < words; i++) {
            text.append(' ').append(pick(WORDS));
        }
        return text.toString();
    }

    private byte[] invalidUtf8() {
        byte[][] broken = {{(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                           {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                           {(byte) 0xE2, (byte) 0x82}};
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(utf8("{\"action\":\"synthesize\",\"text\":\"x"));
        text.writeBytes(broken[random.nextInt(broken.length)]);
        if (random.nextBoolean()) {
            text.writeBytes(utf8("\"}"));
        }
        return text.toByteArray();
    }

    private static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >> 8), (byte) code};
    }

    private String nextId() {
        return prefix + counter++;
    }

    private String printable(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (' ' + random.nextInt(95)));
        }
        return text.toString();
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] text(String text) {
        return frame(FIN | TEXT, utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(ObjectNode node) {
        return node.toString();
    }
}
