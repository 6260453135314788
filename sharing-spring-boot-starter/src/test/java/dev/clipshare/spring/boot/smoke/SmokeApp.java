package dev.clipshare.spring.boot.smoke;

import dev.clipshare.core.Principal;
import dev.clipshare.core.Role;
import dev.clipshare.core.Target;
import dev.clipshare.servlet.HttpAccessPolicy;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A new Boot app: the starter, and one policy bean. Everyone signed in owns the one library "team". */
@SpringBootApplication
public class SmokeApp {
    @Bean
    HttpAccessPolicy policy() {
        return new HttpAccessPolicy() {
            public Optional<String> libraryOf(Target target) {
                return Optional.of("team");
            }

            public Optional<Role> roleOf(Principal user, String libraryId) {
                return Optional.of(Role.OWNER);
            }
        };
    }
}
