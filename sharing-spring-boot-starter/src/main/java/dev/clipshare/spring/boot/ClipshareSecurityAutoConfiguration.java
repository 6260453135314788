package dev.clipshare.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for Clipshare's two surfaces, when Spring Security is on the class path:
 *
 * <ul>
 *   <li>share pages ({@code clipshare.path-prefix}/**, {@code /s/**} by default) are open to
 *       anonymous viewers; Clipshare decides what each may see. Spring's
 *       {@code X-Frame-Options: DENY} is off there (Clipshare's CSP says who may frame the embed
 *       layout) and so is Spring's CSRF filter (the password form carries Clipshare's own token).
 *       Spring's other headers give way to the ones Clipshare sets.</li>
 *   <li>the management API ({@code clipshare.api.base-path}/**, {@code /api/**}) needs a signed-in
 *       user: the browser's session or HTTP Basic ({@code clipshare.security.http-basic}); an
 *       anonymous call gets a problem+json 401 ({@link ProblemJsonEntryPoint}) and starts no
 *       session. CSRF is off: the API refuses non-JSON bodies, which is its CSRF guard.</li>
 * </ul>
 *
 * <p>One {@link SecurityFilterChain} bean, {@code clipshareSecurityFilterChain}, ordered
 * {@link #ORDER} (before the app's own chains), matching only those paths: everything else is the
 * app's. It is configured after Boot's security auto-configuration, so an app without chains of
 * its own keeps Boot's default chain for its other pages. To replace it, define a bean of the same
 * name; to drop it, {@code clipshare.security.enabled=false}.
 */
@AutoConfiguration(after = ClipshareAutoConfiguration.class, afterName = {
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",          // Boot 3
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration", // Boot 4
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
@ConditionalOnProperty(prefix = "clipshare", name = {"enabled", "security.enabled"}, matchIfMissing = true)
public class ClipshareSecurityAutoConfiguration {
    /** The chain's order: early, so that an app's catch-all chain does not take share pages first. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** Creates the auto-configuration (Spring does). */
    public ClipshareSecurityAutoConfiguration() { }

    /**
     * Share pages open to everyone, the API for signed-in users with problem+json refusals.
     *
     * @param http       Spring Security's builder
     * @param properties {@code clipshare.*}
     * @return the chain
     * @throws Exception as {@link HttpSecurity#build()}
     */
    @Bean
    @Order(ORDER)
    @ConditionalOnMissingBean(name = "clipshareSecurityFilterChain")
    public SecurityFilterChain clipshareSecurityFilterChain(HttpSecurity http, ClipshareProperties properties) throws Exception {
        String pages = properties.getPathPrefix();
        String api = properties.getApi().getBasePath();
        boolean basic = properties.getSecurity().isHttpBasic();
        ProblemJsonEntryPoint refusal = new ProblemJsonEntryPoint(basic ? "Basic realm=\"clipshare\"" : "Bearer realm=\"clipshare\"");
        http.securityMatcher(pages + "/**", pages, api + "/**", api)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(pages + "/**", pages).permitAll()
                        .anyRequest().authenticated())
                .headers(headers -> headers.frameOptions(HeadersConfigurer.FrameOptionsConfig::disable))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refusal));
        if (basic) {
            http.httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(refusal));
        }
        return http.build();
    }
}
