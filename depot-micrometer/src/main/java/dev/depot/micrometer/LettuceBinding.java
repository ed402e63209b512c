package dev.depot.micrometer;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;

/** Lettuce's command latency ({@code lettuce.command.*}); loaded only when Lettuce is present. */
final class LettuceBinding {
    private LettuceBinding() {}

    static void attach(Object builder, MeterRegistry registry) {
        ((ClientResources.Builder) builder).commandLatencyRecorder(
                new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.create()));
    }
}
