package dev.clipshare.spring.boot;

import dev.clipshare.core.Sharing;
import dev.clipshare.core.SealingKey;
import dev.clipshare.core.SigningKey;
import dev.clipshare.core.media.FileMediaStore;
import dev.clipshare.core.spi.MediaStore;
import dev.clipshare.core.spi.RateLimiter;
import dev.clipshare.core.spi.SharingEventListener;
import dev.clipshare.core.spi.SharingStores;
import dev.clipshare.jdbc.JdbcStores;
import dev.clipshare.servlet.HttpAccessPolicy;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.servlet.ViewerObserver;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clipshare in a Spring Boot app: the stores in the app's {@code DataSource}, the rate limiter,
 * the media store, the {@link Sharing} facade, {@link dev.clipshare.core.SharingEvent}s as Spring application
 * events, and one {@link ShareFilter} for the share pages and the management API. The app
 * supplies an {@link HttpAccessPolicy} bean (and, for exports, a
 * {@link dev.clipshare.core.spi.SourceResolver} bean: see {@link ClipshareExportAutoConfiguration}).
 *
 * <p>Every bean backs off when the app defines its own of the same type (or, for the filter, the
 * same name {@code clipshareFilter}): a {@link SharingStores} (e.g. {@code RedisStores}), a
 * {@link RateLimiter}, a {@link MediaStore} (e.g. {@code S3MediaStore}), the {@link Sharing}
 * itself. Further {@link SharingEventListener} beans all receive every event. Switched off
 * entirely by {@code clipshare.enabled=false}.
 *
 * @see ClipshareProperties
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",      // Boot 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})     // Boot 4
@ConditionalOnProperty(prefix = "clipshare", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClipshareProperties.class)
public class ClipshareAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareAutoConfiguration() { }

    /**
     * Links, exports and rate limits in the app's own database.
     *
     * @param dataSource the app's data source
     * @param properties {@code clipshare.jdbc.*}
     * @return the stores; {@code close()} writes the view counts still pending
     */
    @Bean
    @ConditionalOnMissingBean(SharingStores.class)
    @ConditionalOnBean(DataSource.class)
    public JdbcStores clipshareStores(DataSource dataSource, ClipshareProperties properties) {
        ClipshareProperties.Jdbc jdbc = properties.getJdbc();
        return JdbcStores.builder(dataSource)
                .createSchemaIfMissing(jdbc.isCreateSchema())
                .tablePrefix(jdbc.getTablePrefix())
                .queryTimeout(jdbc.getQueryTimeout())
                .build();
    }

    /**
     * Exported clips in a local (or shared) folder, {@code clipshare.media.directory}.
     *
     * @param properties {@code clipshare.media.*}
     * @return the media store
     */
    @Bean
    @ConditionalOnMissingBean(MediaStore.class)
    public FileMediaStore clipshareMediaStore(ClipshareProperties properties) {
        return new FileMediaStore(properties.getMedia().getDirectory());
    }

    /**
     * Forwards every {@link dev.clipshare.core.SharingEvent} to Spring's event bus.
     *
     * @param publisher the application context
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean(SharingEventPublisher.class)
    public SharingEventPublisher clipshareEventPublisher(ApplicationEventPublisher publisher) {
        return new SharingEventPublisher(publisher);
    }

    /**
     * The facade, from the beans above and {@code clipshare.*}.
     *
     * @param policy      the app's access policy
     * @param stores      the stores
     * @param mediaStore  the media store
     * @param rateLimiter the app's rate limiter, if any; otherwise the JDBC stores' (shared by every
     *                    node) or, with {@code clipshare.rate-limiter=memory}, one in memory per node
     * @param listeners   every {@link SharingEventListener} bean
     * @param properties  {@code clipshare.*}
     * @return the facade
     */
    @Bean
    @ConditionalOnMissingBean(Sharing.class)
    public Sharing sharing(ObjectProvider<HttpAccessPolicy> policy, ObjectProvider<SharingStores> stores, MediaStore mediaStore,
            ObjectProvider<RateLimiter> rateLimiter, ObjectProvider<SharingEventListener> listeners,
            ClipshareProperties properties) {
        List<SigningKey> signing = KeyProperties.signing(properties);
        List<SealingKey> sealing = KeyProperties.sealing(properties);
        if (properties.getPublicBaseUrl() == null) {
            throw new IllegalStateException("clipshare.public-base-url is not set: the origin viewers reach this site at, "
                    + "e.g. https://video.example.com");
        }
        Sharing.Builder b = Sharing.builder()
                .accessPolicy(required(policy, "an HttpAccessPolicy bean: the app's answer to who the user is and what role "
                        + "they have in a library"))
                .stores(required(stores, "a DataSource (spring-boot-starter-jdbc) or a SharingStores bean"))
                .mediaStore(mediaStore)
                .signingKeys(signing.get(0), signing.subList(1, signing.size()).toArray(SigningKey[]::new))
                .sealingKeys(sealing.get(0), sealing.subList(1, sealing.size()).toArray(SealingKey[]::new))
                .publicBaseUrl(properties.getPublicBaseUrl())
                .pathPrefix(properties.getPathPrefix())
                .bcryptCost(properties.getBcryptCost())
                .linksPerTarget(properties.getLinksPerTarget())
                .passwordLockout(properties.getLockoutFailures(), properties.getLockoutDuration())
                .eventListener(new CompositeListener(listeners.orderedStream().toList()));
        RateLimiter limiter = rateLimiter.getIfUnique();
        if (limiter != null) {
            b.rateLimiter(limiter);
        } else if (stores.getIfUnique() instanceof JdbcStores jdbc
                && properties.getRateLimiter() == ClipshareProperties.RateLimiterKind.JDBC) {
            b.rateLimiter(jdbc.rateLimiter());   // the stores close it
        }
        return b.build();
    }

    private static <T> T required(ObjectProvider<T> provider, String what) {
        T bean = provider.getIfUnique();
        if (bean == null) {
            throw new IllegalStateException("Clipshare's starter needs exactly one " + what
                    + " (or set clipshare.enabled=false)");
        }
        return bean;
    }

    /** The servlet filter: share pages, media and the management API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class FilterConfiguration {

        /**
         * One filter for everything Clipshare serves, after Spring Security (the default order),
         * whose user {@link HttpAccessPolicy#principal} reads.
         */
        @Bean
        @ConditionalOnMissingBean(name = "clipshareFilter")
        FilterRegistrationBean<ShareFilter> clipshareFilter(Sharing sharing, HttpAccessPolicy policy,
                ObjectProvider<ViewerObserver> observers, ClipshareProperties properties) {
            ShareFilter.Builder filter = ShareFilter.builder(sharing, policy)
                    .siteName(properties.getSiteName())
                    .trustedProxies(properties.getTrustedProxies())
                    .embedAllowedOrigins(properties.getEmbedAllowedOrigins());
            List<ViewerObserver> all = observers.orderedStream().toList();
            if (!all.isEmpty()) {
                filter.viewerObserver(all.size() == 1 ? all.get(0) : (request, status, bytes) -> all.forEach(
                        o -> o.onResponse(request, status, bytes)));
            }
            if (properties.getApi().isEnabled()) {
                filter.managementApi(properties.getApi().getBasePath());
            }
            FilterRegistrationBean<ShareFilter> registration = new FilterRegistrationBean<>(filter.build());
            registration.setName("clipshareFilter");
            return registration;
        }
    }
}
