package dev.clipshare.examples.springboot;

import static org.springframework.security.config.Customizer.withDefaults;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The app's users and what they must sign in for. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The app: signed-in users only. Share pages and the API are not the app's concern: the
     * Clipshare starter adds a chain for them, ordered first (share pages open to anyone, the
     * API for signed-in users with problem+json 401s).
     */
    @Bean
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
    InMemoryUserDetailsManager users() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername("lena").password(encoder.encode("lena-demo")).roles("LEAD").build(),
                User.withUsername("ed").password(encoder.encode("ed-demo")).roles("EDITOR").build(),
                User.withUsername("max").password(encoder.encode("max-demo")).roles("MEMBER").build());
    }
}
