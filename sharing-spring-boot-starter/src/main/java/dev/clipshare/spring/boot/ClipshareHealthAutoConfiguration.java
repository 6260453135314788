package dev.clipshare.spring.boot;

import dev.clipshare.core.spi.SharingStores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code clipshare} health indicator on Spring Boot 3's Actuator ({@link ClipshareHealth}:
 * the stores and the export runner). Boot 4 moved health indicators to another package:
 * {@link ClipshareBoot4HealthAutoConfiguration} serves it there.
 */
@AutoConfiguration(after = {ClipshareAutoConfiguration.class, ClipshareExportAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnProperty(prefix = "clipshare", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(SharingStores.class)
public class ClipshareHealthAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareHealthAutoConfiguration() { }

    /**
     * The indicator.
     *
     * @param stores  the stores
     * @param exports the export runner's lifecycle, if this node runs one
     * @return the indicator, {@code clipshare} in {@code /actuator/health}
     */
    @Bean
    @ConditionalOnMissingBean(name = "clipshareHealthIndicator")
    public HealthIndicator clipshareHealthIndicator(SharingStores stores, ObjectProvider<ExportWorkers> exports) {
        ClipshareHealth health = new ClipshareHealth(stores, exports.getIfUnique());
        return () -> {
            ClipshareHealth.Result r = health.check();
            return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
        };
    }
}
