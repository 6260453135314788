package dev.clipshare.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * sharing-redis brings Netty's native epoll transport for Linux on x86_64 and aarch64, and Lettuce
 * picks it up: its connections use epoll rather than Java NIO. The jar's Netty must be the very
 * version of the Netty Lettuce brings, or the native library and the classes do not fit.
 */
@EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "x86_64", "aarch64"})
class EpollTransportTest {
    @Test
    void onLinuxNettysNativeEpollTransportLoadsAndLettuceUsesIt() {
        assertThat(Epoll.isAvailable()).as("Netty's native epoll transport loads (unavailable because: %s)",
                Epoll.unavailabilityCause()).isTrue();
        assertThat(EpollProvider.isAvailable()).as("Lettuce sees epoll").isTrue();
        assertThat(Transports.socketChannelClass()).as("Lettuce's connections are epoll channels, not NIO ones")
                .isEqualTo(EpollSocketChannel.class);
    }

    @Test
    void theEpollJarsAreOfTheNettyVersionLettuceBrings() {
        Map<String, Version> versions = Version.identify();

        assertThat(versions).as("Netty's artifacts on the class path").containsKeys("netty-transport",
                "netty-transport-native-epoll", "netty-transport-classes-epoll");
        String transport = versions.get("netty-transport").artifactVersion();
        assertThat(versions.get("netty-transport-native-epoll").artifactVersion())
                .as("the native epoll library is built for netty-transport's version").isEqualTo(transport);
        assertThat(versions.get("netty-transport-classes-epoll").artifactVersion())
                .as("and so are its classes").isEqualTo(transport);
    }
}
