package dev.clipshare.examples.springboot;

import dev.clipshare.core.Sharing;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.core.export.ExportRunner;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.transcode.JavaCvTranscoder;
import javax.sql.DataSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clipshare in this app: four beans. Everything else it needs comes from the app: the
 * {@code DataSource}, the users (through {@link TeamAccessPolicy}) and the videos
 * ({@link VideoLibrary}).
 */
@Configuration(proxyBeanMethods = false)
class ClipshareConfiguration {

    /** Links, exports and rate limits in the app's own database; the tables are made on first start. */
    @Bean // close() is inferred: writes the view counts still pending
    JdbcStores clipshareStores(DataSource dataSource) {
        return JdbcStores.builder(dataSource).createSchemaIfMissing(true).build();
    }

    @Bean
    Sharing sharing(TeamAccessPolicy policy, JdbcStores stores, ClipshareProperties properties) {
        return Sharing.builder()
                .accessPolicy(policy)
                .stores(stores).rateLimiter(stores.rateLimiter())
                .mediaStore(new FileMediaStore(properties.mediaDirectory()))
                .signingKeys(properties.signing())
                .sealingKeys(properties.sealing())
                .publicBaseUrl(properties.publicBaseUrl())
                .build();
    }

    /** Exports clips in the background, from the app's videos. */
    @Bean(initMethod = "start") // close() is inferred: stops FFmpeg and hands a running job back to the queue
    ExportRunner exportRunner(Sharing sharing, VideoLibrary videos) {
        return ExportRunner.builder(sharing, JavaCvTranscoder.create(), videos::media).build();
    }

    /** Share pages under /s and the JSON API under /api, from one filter. */
    @Bean // the default order: after Spring Security, whose user the policy reads
    FilterRegistrationBean<ShareFilter> clipshareFilter(Sharing sharing, TeamAccessPolicy policy) {
        return new FilterRegistrationBean<>(ShareFilter.builder(sharing, policy).managementApi("/api").build());
    }
}
