package dev.clipshare.spring.boot;

import dev.clipshare.core.Sharing;
import dev.clipshare.core.export.ExportRunner;
import dev.clipshare.core.spi.SourceResolver;
import dev.clipshare.core.spi.Transcoder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The export runner: on when the app has a {@link SourceResolver} bean (its video ids to readable
 * media) and a {@link Transcoder}, its own bean or, with sharing-transcode on the class path,
 * {@code JavaCvTranscoder.create()}. Started with the application context and closed with it
 * ({@link ExportWorkers}); {@code clipshare.export.enabled=false} keeps this node from running
 * exports (links can still be created; another node exports).
 */
@AutoConfiguration(after = {ClipshareAutoConfiguration.class, ClipshareTranscoderAutoConfiguration.class})
@ConditionalOnProperty(prefix = "clipshare", name = {"enabled", "export.enabled"}, matchIfMissing = true)
@ConditionalOnBean({Sharing.class, SourceResolver.class})
public class ClipshareExportAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareExportAutoConfiguration() { }

    /** The runner and its lifecycle, once a transcoder is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Transcoder.class)
    static class RunnerConfiguration {
        @Bean(destroyMethod = "")   // ExportWorkers closes it
        @ConditionalOnMissingBean(ExportRunner.class)
        ExportRunner clipshareExportRunner(Sharing sharing, Transcoder transcoder, SourceResolver sources,
                ClipshareProperties properties) {
            ClipshareProperties.Export export = properties.getExport();
            ExportRunner.Builder b = ExportRunner.builder(sharing, transcoder, sources)
                    .workers(export.getWorkers())
                    .pollInterval(export.getPollInterval());
            if (export.getWorkDirectory() != null) {
                b.workDirectory(export.getWorkDirectory());
            }
            return b.build();
        }

        @Bean
        @ConditionalOnMissingBean(ExportWorkers.class)
        ExportWorkers clipshareExportWorkers(ExportRunner runner) {
            return new ExportWorkers(runner);
        }
    }
}
