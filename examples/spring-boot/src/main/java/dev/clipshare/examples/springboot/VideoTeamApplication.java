package dev.clipshare.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small video-team app that embeds Clipshare the ordinary Spring Boot way: its own users
 * (Spring Security), its own {@code DataSource} (H2 unless {@code spring.datasource.*} says
 * otherwise), and Clipshare from the starter, which needs only {@link TeamAccessPolicy} (and, to
 * export clips, {@link VideoLibrary} as its source resolver).
 *
 * <pre>
 * ./mvnw -pl examples/spring-boot -am package -DskipTests
 * java -jar examples/spring-boot/target/examples-spring-boot-0.1.0-SNAPSHOT.jar
 * </pre>
 */
@SpringBootApplication
public class VideoTeamApplication {

    public static void main(String[] args) {
        SpringApplication.run(VideoTeamApplication.class, args);
    }
}
