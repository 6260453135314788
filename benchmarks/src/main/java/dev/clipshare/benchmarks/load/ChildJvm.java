package dev.clipshare.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this jar run in a JVM of its own (an S3 server, a node of a cluster, a load
 * client), on this JVM's class path. The child prints {@code READY <text>} on its standard output
 * once it serves; it stops when its standard input ends, which {@link #close()} does (and the end
 * of this JVM, killed or not, does too, since the pipe then closes). Its output goes to a log
 * file in the work folder; a JVM shutdown hook stops it should this JVM be terminated first.
 */
final class ChildJvm implements AutoCloseable {
    /** What a child prints once it serves; the rest of the line is handed to the parent. */
    static final String READY = "READY ";

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;
    private final String ready;

    private ChildJvm(String name, Process process, Path log, Thread hook, String ready) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = hook;
        this.ready = ready;
    }

    /**
     * Starts {@code mainClass} with {@code jvmArgs} and {@code args} and waits (at most {@code timeout})
     * for its {@code READY} line; fails with its log when it ends or does not get ready in time.
     */
    static ChildJvm start(String name, Path dir, List<String> jvmArgs, Class<?> mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread hook = new Thread(p::destroy, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        // the child's output: READY goes to the queue, every line to the log
        BlockingQueue<String> readyLine = new ArrayBlockingQueue<>(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.startsWith(READY)) {
                        readyLine.offer(line.substring(READY.length()).strip());
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
        }, "output-" + name);
        pump.setDaemon(true);
        pump.start();
        String ready = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready == null && p.isAlive() && System.nanoTime() < deadline) {
            ready = readyLine.poll(100, TimeUnit.MILLISECONDS);
        }
        ChildJvm child = new ChildJvm(name, p, log, hook, ready);
        if (ready == null) {
            child.close();
            throw new IllegalStateException(name + " did not get ready within " + timeout.toSeconds() + " s: " + child.logText());
        }
        return child;
    }

    /** What the child printed after {@code READY}. */
    String ready() {
        return ready;
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Lets a child's main wait for its parent: returns when standard input ends (the parent closed
     * it, or ended).
     */
    static void awaitParent() throws IOException {
        byte[] buf = new byte[256];
        while (System.in.read(buf) >= 0) {
            // nothing is sent; only the end matters
        }
    }

    /** Ends the child: its standard input closed, then SIGTERM after 20 s, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is stopping it already
        }
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            System.err.println(name + " did not end when asked; terminating it");
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
