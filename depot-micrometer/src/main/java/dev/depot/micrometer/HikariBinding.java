package dev.depot.micrometer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

/** HikariCP's own metrics ({@code hikaricp.*}, tagged {@code pool}); loaded only when HikariCP is present. */
final class HikariBinding {
    private HikariBinding() {}

    static void attach(Object config, MeterRegistry registry) {
        ((HikariConfig) config).setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
}
