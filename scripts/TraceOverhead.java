import java.time.Duration;
import java.util.Collection;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.observe.trace.Tracing;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

/**
 * What tracing costs one request, in nanoseconds: every call the gateway makes on a request's trace
 * (the upgrade's parent, the request span, its description, one provider attempt, first byte, end),
 * in a loop. {@code baseline}: the loop and its one clock read alone; {@code off}: tracing as without
 * OTEL_EXPORTER_OTLP_ENDPOINT; {@code on}: the SDK making every span and handing it, on the
 * request's thread, to an exporter that drops it (production batches it to another thread, so
 * this is the upper end). Run each mode in its own JVM (the script does), so that {@code off} sees
 * only the no-op trace, as a gateway without an endpoint does.
 *   java -cp 'app/target/tts-gateway.jar:app/target/libs/*' scripts/TraceOverhead.java baseline|off|on
 */
public final class TraceOverhead {

    private static final int ROUNDS = 5;
    private static final int REQUESTS = 200_000;

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "off";
        boolean on = mode.equals("on");
        boolean baseline = mode.equals("baseline");
        Tracing tracing = on ? Tracing.of(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Dropping())).build()).build())
                : Tracing.disabled();
        var provider = new ToneProvider(new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(20),
                                                         Duration.ofMillis(10), 440));
        AudioFormat format = AudioFormat.pcm(24000);
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(HeaderNames.create("traceparent"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        long sink = 0;
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms the JIT up
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                if (baseline) { // the loop and the clock read alone
                    sink += System.nanoTime();
                    continue;
                }
                TraceParent parent = tracing.parentOf(headers);
                RequestTrace trace = parent.request("websocket", "r1");
                trace.characters(40);
                trace.describe(provider, null, format, false);
                long opened = System.nanoTime();
                trace.opened("tone", false, opened);
                trace.firstByte("tone");
                trace.synthesisEnded("completed", null);
                trace.end("completed", null);
                sink += opened;
            }
            long perRequest = (System.nanoTime() - start) / REQUESTS;
            if (round > 0) {
                System.out.println(mode + " round " + round + ": " + perRequest + " ns per request");
            }
        }
        tracing.close();
        System.out.println(sink == 42 ? "" : "(done)");
        System.exit(0);
    }

    /** An exporter that drops every span: the cost measured is the gateway's and the SDK's, not a network's. */
    private static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
