package dev.clipshare.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own, on a free loopback port, without persistence, that
 * the test may kill and start again on the same port (the Redis on 6379 is shared and never
 * touched). Without the binary the test is skipped, visibly; with {@code CI=true} it fails.
 */
final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** A server on a free port, started and answering. */
    static RedisServerProcess start() throws IOException, InterruptedException {
        requireBinary();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServerProcess server = new RedisServerProcess(port);
        server.startAgain();
        return server;
    }

    private static void requireBinary() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= new File(dir, "redis-server").canExecute();
        }
        if (!found) {
            String reason = "redis-server is not on the PATH";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + "; CI needs it (apt-get install redis-server)");
            }
            Assumptions.abort(reason + "; install redis-server to run this test");
        }
    }

    int port() {
        return port;
    }

    /** Starts the server (again) on the same port and waits, at most 10 s, until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not accept connections within 10 s");
            }
            Thread.sleep(20); // polling for a process to come up, not a timing assertion
        }
    }

    /** Kills the server (SIGKILL, like a crash) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server on port " + port + " did not die within 10 s");
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
