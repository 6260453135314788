package dev.clipshare.examples.springboot;

import static org.springframework.security.config.Customizer.withDefaults;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer.FrameOptionsConfig;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The app's users and what they must sign in for. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Share pages are for anyone holding a link (Clipshare decides what each may see, and sends
     * the signed-out visitor of a private link to sign in). Framing and the password form's CSRF
     * token are Clipshare's own: Spring's {@code X-Frame-Options: DENY} would stop the embed
     * layout, its CSRF filter the password form. (Spring's other headers give way to the ones
     * Clipshare sets.)
     */
    @Bean
    @Order(1)
    SecurityFilterChain sharePages(HttpSecurity http) throws Exception {
        return http.securityMatcher("/s/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.frameOptions(FrameOptionsConfig::disable))   // Clipshare's CSP says who may frame
                .csrf(AbstractHttpConfigurer::disable)      // the password form carries Clipshare's own token
                .build();
    }

    /**
     * The management API: HTTP Basic or the browser's session, 401 otherwise. It refuses any
     * POST, PUT or PATCH that is not {@code application/json}, which is its CSRF guard.
     */
    @Bean
    @Order(2)
    SecurityFilterChain managementApi(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(withDefaults())                     // or the browser's session
                .csrf(AbstractHttpConfigurer::disable)         // the API refuses non-JSON bodies: its CSRF guard
                .requestCache(AbstractHttpConfigurer::disable) // a refused call starts no session
                .build();
    }

    /** The rest of the app: signed-in users only (Boot's error page aside, which shows the API's 401). */
    @Bean
    @Order(3)
    SecurityFilterChain app(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                .build();
    }

    /**
     * The team: a lead, an editor and a member (Clipshare's OWNER, EDITOR and VIEWER, see
     * {@link TeamAccessPolicy}). A real app has its own user store; these passwords are for trying
     * the example only.
     */
    @Bean
    UserDetailsService users() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername("lena").password(encoder.encode("lena-demo")).roles("LEAD").build(),
                User.withUsername("ed").password(encoder.encode("ed-demo")).roles("EDITOR").build(),
                User.withUsername("max").password(encoder.encode("max-demo")).roles("MEMBER").build());
    }
}
