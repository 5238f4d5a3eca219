package io.ttsgateway.audio.codec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The encoders for OpenAI's {@code response_format} values. {@code aac} has no Java encoder here
 * and is not offered. Callers resample to {@link #preferredRate} before encoding.
 */
public final class Encoders {

    private static final Set<String> SUPPORTED;

    static {
        LinkedHashSet<String> names = Arrays.stream(Format.values()).map(Format::formatName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        SUPPORTED = Collections.unmodifiableSet(names);
    }

    private Encoders() {
    }

    /** A format name, its media type, the rates it takes and how to make its encoder. */
    private enum Format {
        MP3(Mp3Encoder.CONTENT_TYPE, Mp3Encoder.RATES, Mp3Encoder::new),
        OPUS(OggOpusEncoder.CONTENT_TYPE, OggOpusEncoder.RATES, OggOpusEncoder::new),
        FLAC(FlacEncoder.CONTENT_TYPE, Set.of(), FlacEncoder::new),
        WAV(PcmEncoder.WAV_CONTENT_TYPE, Set.of(), rate -> new PcmEncoder(rate, true)),
        PCM(PcmEncoder.PCM_CONTENT_TYPE, Set.of(PcmEncoder.PCM_RATE), rate -> new PcmEncoder(rate, false));

        private final String contentType;
        /** The only rates accepted; empty: any from 1 Hz to 655,350 Hz (FLAC's range). */
        private final TreeSet<Integer> rates;
        private final IntFunction<StreamingEncoder> factory;
        private final String lowerName = name().toLowerCase(Locale.ROOT);

        private static final Format[] ALL = values();

        Format(String contentType, Set<Integer> rates, IntFunction<StreamingEncoder> factory) {
            this.contentType = contentType;
            this.rates = new TreeSet<>(rates);
            this.factory = factory;
        }

        String formatName() {
            return lowerName;
        }

        int preferredRate(int requested) {
            if (rates.isEmpty()) {
                return Math.clamp(requested, FlacEncoder.MIN_RATE, FlacEncoder.MAX_RATE);
            }
            Integer atLeast = rates.ceiling(requested);
            return atLeast != null ? atLeast : rates.last();
        }

        /** Looked up for every response (its encoder): a loop over names made once, no stream. */
        static Optional<Format> named(String name) {
            if (name == null) {
                return Optional.empty();
            }
            String lower = name.toLowerCase(Locale.ROOT);
            for (Format format : ALL) {
                if (format.lowerName.equals(lower)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The formats an encoder exists for, in OpenAI's order: {@code mp3, opus, flac, wav, pcm}.
     *
     * @return the format names
     */
    public static Set<String> supported() {
        return SUPPORTED;
    }

    /**
     * A new encoder for one stream.
     *
     * @param format     a {@code response_format} value, case-insensitive
     * @param sampleRate the input rate, as returned by {@link #preferredRate}
     * @return the encoder, or empty when the format is not {@linkplain #supported() supported}
     * @throws IllegalArgumentException when the format cannot take that rate
     */
    public static Optional<StreamingEncoder> create(String format, int sampleRate) {
        return Format.named(format).map(f -> {
            if (f.preferredRate(sampleRate) != sampleRate) {
                throw new IllegalArgumentException(f.formatName() + " cannot encode " + sampleRate
                        + " Hz input; resample to " + f.preferredRate(sampleRate) + " Hz");
            }
            return f.factory.apply(sampleRate);
        });
    }

    /**
     * The rate to resample to before encoding: the requested rate when the format takes it, else
     * the nearest rate above it that it takes (the highest if none is above). {@code pcm} is always
     * 24 kHz, as in OpenAI's API.
     *
     * @param format        a {@code response_format} value, case-insensitive
     * @param requestedRate the rate the caller would like
     * @return the rate, or empty when the format is not supported
     */
    public static OptionalInt preferredRate(String format, int requestedRate) {
        return Format.named(format).map(f -> OptionalInt.of(f.preferredRate(requestedRate))).orElse(OptionalInt.empty());
    }

    /**
     * The {@code Content-Type} of a format, known before any audio is encoded.
     *
     * @param format a {@code response_format} value, case-insensitive
     * @return the media type, or empty when the format is not supported
     */
    public static Optional<String> contentType(String format) {
        return Format.named(format).map(f -> f.contentType);
    }
}
