package dev.clipshare.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small video-team app that embeds Clipshare the ordinary Spring Boot way: its own users
 * (Spring Security), its own {@code DataSource} (H2 unless {@code spring.datasource.*} says
 * otherwise), and Clipshare wired as beans in {@link ClipshareConfiguration}.
 *
 * <pre>
 * ./mvnw -pl examples/spring-boot -am package -DskipTests
 * java -jar examples/spring-boot/target/examples-spring-boot-0.1.0-SNAPSHOT.jar
 * </pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VideoTeamApplication {

    public static void main(String[] args) {
        SpringApplication.run(VideoTeamApplication.class, args);
    }
}
