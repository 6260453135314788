package dev.clipshare.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@link ClipshareMetrics} when Micrometer is on the class path and the app has a
 * {@link MeterRegistry} (Spring Boot Actuator makes one). The meters are both a
 * {@code SharingEventListener} and the share filter's {@code ViewerObserver}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",           // Boot 3
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",         // Boot 4
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnProperty(prefix = "clipshare", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public class ClipshareMetricsAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareMetricsAutoConfiguration() { }

    /**
     * The meters.
     *
     * @param registry   the app's registry
     * @param properties {@code clipshare.path-prefix}
     * @return the meters
     */
    @Bean
    @ConditionalOnMissingBean(ClipshareMetrics.class)
    public ClipshareMetrics clipshareMetrics(MeterRegistry registry, ClipshareProperties properties) {
        return new ClipshareMetrics(registry, properties.getPathPrefix());
    }
}
