package dev.clipshare.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpAccessPolicyTest {
    private final HttpAccessPolicy minimal = new HttpAccessPolicy() {
        @Override
        public Optional<String> libraryOf(Target target) {
            return Optional.of("lib");
        }

        @Override
        public Optional<Role> roleOf(Principal principal, String libraryId) {
            return Optional.of(Role.VIEWER);
        }
    };

    private static HttpServletRequest requestOf(java.security.Principal user) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpAccessPolicyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> method.getName().equals("getUserPrincipal") ? user : null);
    }

    @Test
    void byDefaultTheSignedInUserIsTheContainersUser() {
        assertThat(minimal.principal(requestOf(() -> "ada@example.com"))).contains(Principal.of("ada@example.com"));
        assertThat(minimal.principal(requestOf(null))).isEmpty();
        assertThat(minimal.principal(requestOf(() -> " "))).isEmpty();
        assertThat(minimal.loginUrl("/s/x")).isEmpty();
        assertThat(minimal.libraryUrl("lib", Target.source("v"))).isEmpty();
    }
}
