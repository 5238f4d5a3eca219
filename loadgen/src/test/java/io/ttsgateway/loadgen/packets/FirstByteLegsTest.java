package io.ttsgateway.loadgen.packets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstByteLegsTest {

    private static final int GATEWAY = 8302;
    private static final int PROVIDER = 9000;
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static String post(String input) {
        String body = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}";
        return "POST /v1/audio/speech HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    private static List<RequestLegs> legs(Capture capture) throws IOException {
        return FirstByteLegs.of(PcapFile.read(new ByteArrayInputStream(capture.bytes())), GATEWAY);
    }

    @Test
    void cutsEachFirstByteIntoTheGatewaysLegsAndTheProviders() throws IOException {
        Capture capture = Capture.loopback(600)
                // a request through the gateway: heads apart from the first audio on both sides
                .segment(0, 50000, GATEWAY, post("the first text"))
                .segment(1.5, 40000, PROVIDER, post("the first text"))
                .segment(2.0, PROVIDER, 40000, HEAD)
                .segment(122.0, PROVIDER, 40000, "3c0\r\n" + "x".repeat(960))
                .segment(122.4, GATEWAY, 50000, HEAD)
                .segment(122.5, GATEWAY, 50000, "3c0\r\n" + "x".repeat(960))
                // a direct request: no gateway leg
                .segment(0.2, 50001, PROVIDER, post("a direct text"))
                .segment(120.3, PROVIDER, 50001, HEAD + "3c0\r\n")
                // refused by the gateway: no provider request
                .segment(0.3, 50002, GATEWAY, post("a refused text"))
                .segment(0.9, GATEWAY, 50002, "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 2\r\n\r\n{}")
                // the provider refuses: no audio
                .segment(0.4, 50003, GATEWAY, post("a failed text"))
                .segment(0.8, 40001, PROVIDER, post("a failed text"))
                .segment(1.0, PROVIDER, 40001, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}")
                .segment(1.2, GATEWAY, 50003, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}")
                // a second round: heads sent with the audio, on a kept-alive provider connection
                .segment(2000, 50010, GATEWAY, post("the second text"))
                .segment(2000.25, 40000, PROVIDER, post("the second text"))
                .segment(2120.5, PROVIDER, 40000, HEAD + "3c0\r\n" + "y".repeat(960))
                .segment(2121.0, GATEWAY, 50010, HEAD + "3c0\r\n" + "y".repeat(960));

        List<RequestLegs> legs = legs(capture);

        assertEquals(2, legs.size());
        assertLegs(legs.get(0), 1.5, 120.5, 0.5);
        assertLegs(legs.get(1), 0.25, 120.25, 0.5);
        assertEquals(2_000_000L, legs.get(0).own());
        assertEquals(2, PacketsMain.bursts(legs).size());
    }

    @Test
    void aRequestCutShortByTheCaptureCannotBePaired() throws IOException {
        Capture capture = Capture.loopback(14 + 20 + 20 + 30)
                .segment(0, 50000, GATEWAY, post("cut"))
                .segment(1, 40000, PROVIDER, post("cut"));
        assertEquals(List.of(), legs(capture)); // 30 bytes of a POST: no input to pair by
    }

    @Test
    void readsRawIpv6InNanoseconds() throws IOException {
        byte[] data = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Segment> segments = PcapFile.read(new ByteArrayInputStream(
                Capture.rawIpv6().segment(1.5, 8302, 50000, data).bytes()));
        assertEquals(1, segments.size());
        Segment s = segments.getFirst();
        assertEquals(1_800_000_000L * 1_000_000_000L + 1_500_000L, s.nanos());
        assertEquals(8302, s.source());
        assertEquals(50000, s.target());
        assertArrayEquals(data, s.captured());
    }

    @Test
    void refusesWhatIsNotAClassicPcapFile() {
        byte[] pcapng = new byte[32];
        pcapng[0] = 0x0a;
        pcapng[1] = 0x0d;
        IOException e = assertThrows(IOException.class, () -> PcapFile.read(new ByteArrayInputStream(pcapng)));
        assertTrue(e.getMessage().contains("pcap"), e.getMessage());
    }

    @Test
    void printsOnlyTheBurstsOfTheRoundsSize() {
        List<RequestLegs> legs = List.of(
                new RequestLegs(0, 1_000_000, 120_000_000, 500_000),
                new RequestLegs(100_000, 3_000_000, 120_000_000, 1_000_000),
                new RequestLegs(2_000_000_000L, 9_000_000, 120_000_000, 9_000_000));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PacketsMain.print(legs, 2, new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.contains("a burst of 2 requests at 00:00:00.000: the gateway's own p50 1.50 ms, p99 4.00 ms"),
                printed);
    }

    private static void assertLegs(RequestLegs legs, double in, double provider, double out) {
        assertEquals(Math.round(in * 1e6), legs.gatewayIn(), "in");
        assertEquals(Math.round(provider * 1e6), legs.provider(), "provider");
        assertEquals(Math.round(out * 1e6), legs.gatewayOut(), "out");
    }
}
