package io.ttsgateway.audio.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import io.ttsgateway.audio.Pcm16;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opus in Ogg (RFC 7845) through Concentus, a Java port of libopus: mono, 20 ms frames, 32 kbit/s
 * VBR tuned for voice. Every {@link #encode} call flushes the packets it completed as Ogg pages,
 * keeping back the newest one so the end-of-stream page can carry it with the trimmed granule.
 */
final class OggOpusEncoder extends BaseEncoder {

    /** The input rates Opus accepts. */
    static final Set<Integer> RATES = Set.of(8000, 12000, 16000, 24000, 48000);
    /**
     * RFC 7845 section 9 registers {@code audio/ogg} for Ogg Opus files; {@code audio/opus}
     * (RFC 7587) names the bare RTP payload.
     */
    static final String CONTENT_TYPE = "audio/ogg";

    /** Granule positions and pre-skip always count 48 kHz samples. */
    private static final int GRANULE_RATE = 48000;
    private static final int FRAMES_PER_SECOND = 50;
    private static final int BITRATE = 32000;
    private static final int COMPLEXITY = 5;
    /** Largest packet a single 20 ms frame makes (RFC 6716). */
    private static final int MAX_PACKET = 1275;
    private static final int HEAD_VERSION = 1;
    private static final int OPUS_HEAD_LENGTH = 19;
    /** Magic, vendor length and comment count around the vendor string. */
    private static final int OPUS_TAGS_FIXED_LENGTH = 8 + 4 + 4;
    private static final int CHANNELS = 1;
    private static final String VENDOR = "tts-gateway (Concentus)";

    private final OpusEncoder opus;
    private final OggPageWriter pages = new OggPageWriter(ThreadLocalRandom.current().nextInt());
    private final short[] frame;
    private final int frame48;
    private final int preSkip;
    private final byte[] packet = new byte[MAX_PACKET];
    private final List<byte[]> pending = new ArrayList<>();
    private int filled;
    private long inputSamples;
    private long packetsEncoded;
    private long packetsPaged;
    private boolean headersWritten;

    OggOpusEncoder(int sampleRate) {
        super(sampleRate, CONTENT_TYPE);
        if (!RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("Opus cannot encode at " + sampleRate + " Hz");
        }
        try {
            opus = new OpusEncoder(sampleRate, CHANNELS, OpusApplication.OPUS_APPLICATION_AUDIO);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder init failed: " + e.getMessage(), e);
        }
        opus.setBitrate(BITRATE);
        opus.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        opus.setComplexity(COMPLEXITY);
        frame = new short[sampleRate / FRAMES_PER_SECOND];
        frame48 = GRANULE_RATE / FRAMES_PER_SECOND;
        preSkip = opus.getLookahead() * (GRANULE_RATE / sampleRate());
    }

    @Override
    public byte[] encode(byte[] pcm16le) {
        checkOpen(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeHeaders(out);
        byte[] pcm = align(pcm16le);
        short[] samples = Pcm16.toSamples(pcm, 0, pcm.length);
        inputSamples += samples.length;
        for (int i = 0; i < samples.length; ) {
            int n = Math.min(frame.length - filled, samples.length - i);
            System.arraycopy(samples, i, frame, filled, n);
            filled += n;
            i += n;
            if (filled == frame.length) {
                encodeFrame();
            }
        }
        writePages(pending.size() - 1, false, out);
        return out.toByteArray();
    }

    @Override
    public byte[] finish() {
        checkOpen(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeHeaders(out);
        // Pad the last frame, then flush the encoder's lookahead with silence.
        while (filled > 0 || pending.isEmpty() || packetsEncoded * frame48 < endGranule()) {
            Arrays.fill(frame, filled, frame.length, (short) 0);
            encodeFrame();
        }
        writePages(pending.size(), true, out);
        return out.toByteArray();
    }

    private void encodeFrame() {
        try {
            int length = opus.encode(frame, 0, frame.length, packet, 0, packet.length);
            pending.add(Arrays.copyOf(packet, length));
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
        }
        packetsEncoded++;
        filled = 0;
    }

    /** Pages out the first {@code count} pending packets; on the last page the granule is the trimmed end. */
    private void writePages(int count, boolean endOfStream, ByteArrayOutputStream out) {
        while (count > 0) {
            int take = 0;
            int segments = 0;
            while (take < count && segments + OggPageWriter.segments(pending.get(take).length) <= OggPageWriter.MAX_SEGMENTS) {
                segments += OggPageWriter.segments(pending.get(take).length);
                take++;
            }
            List<byte[]> page = pending.subList(0, take);
            packetsPaged += take;
            count -= take;
            boolean last = endOfStream && count == 0;
            long granule = last ? endGranule() : packetsPaged * frame48;
            pages.writePage(page, granule, last, out);
            page.clear();
        }
    }

    /** Pre-skip plus the input, in 48 kHz samples: the decoder trims the padding after it. */
    private long endGranule() {
        return preSkip + inputSamples * (GRANULE_RATE / sampleRate());
    }

    private void writeHeaders(ByteArrayOutputStream out) {
        if (headersWritten) {
            return;
        }
        headersWritten = true;
        ByteBuffer head = ByteBuffer.allocate(OPUS_HEAD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) HEAD_VERSION).put((byte) CHANNELS)
                .putShort((short) preSkip).putInt(sampleRate()).putShort((short) 0).put((byte) 0);
        pages.writePage(List.of(head.array()), 0, false, out);
        byte[] vendor = VENDOR.getBytes(StandardCharsets.UTF_8);
        ByteBuffer tags = ByteBuffer.allocate(OPUS_TAGS_FIXED_LENGTH + vendor.length).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
        pages.writePage(List.of(tags.array()), 0, false, out);
    }
}
