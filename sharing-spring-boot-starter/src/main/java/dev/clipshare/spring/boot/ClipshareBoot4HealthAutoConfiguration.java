package dev.clipshare.spring.boot;

import dev.clipshare.core.spi.SharingStores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code clipshare} health indicator on Spring Boot 4 (package
 * {@code org.springframework.boot.health.contributor}); the same check as
 * {@link ClipshareHealthAutoConfiguration} on Boot 3. Off where Boot 3's Actuator is present.
 */
@AutoConfiguration(after = {ClipshareAutoConfiguration.class, ClipshareExportAutoConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnProperty(prefix = "clipshare", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(SharingStores.class)
public class ClipshareBoot4HealthAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareBoot4HealthAutoConfiguration() { }

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
