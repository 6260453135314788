package dev.clipshare.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar clipshare-demo.jar} as a person runs it, in a child JVM: what it prints and
 * the exit code when it cannot start (a bad setting, a busy port, a data folder another demo
 * holds), and {@code --help}.
 */
class DemoMainTest {
    @TempDir
    Path tmp;

    /** What a finished child JVM printed. */
    record Run(int exit, String stdout, String stderr) { }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoApp.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.equals("PORT") || k.startsWith("CLIPSHARE_"));
        pb.environment().put("CLIPSHARE_DATA_DIR", tmp.resolve("data").toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the demo did not stop: " + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aBadSettingStopsTheStartWithExitCode2AndSaysWhich() throws Exception {
        Run r = run(Map.of("CLIPSHARE_BCRYPT_COST", "99", "PORT", "http"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("Clipshare demo: bad configuration:")
                .contains("PORT must be a whole number 0..65535, was 'http'")
                .contains("CLIPSHARE_BCRYPT_COST must be a whole number 10..16, was '99'")
                .contains("See --help");
        assertThat(tmp.resolve("data")).as("nothing is created before the settings are right").doesNotExist();
    }

    @Test
    void aBusyPortStopsTheStartWithExitCode2AndTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run r = run(Map.of("PORT", Integer.toString(taken.getLocalPort()), "CLIPSHARE_SAMPLE_SECONDS", "0"));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.stderr()).contains("Clipshare demo: Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .contains("PORT=0 for any free port");
        }
    }

    @Test
    void aDataFolderAnotherRunningDemoHoldsIsNamed() throws Exception {
        try (TestDemo running = TestDemo.start(b -> b.sampleSeconds(0))) {
            Run r = run(Map.of("PORT", "0", "CLIPSHARE_DATA_DIR", running.dataDir.toString()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.stderr()).contains("Clipshare demo: cannot start: the database in " + running.dataDir
                    + " is in use by another process").contains("CLIPSHARE_DATA_DIR");
        }
    }

    @Test
    void anUnknownSettingIsPointedOut() throws Exception {
        Run r = run(Map.of("CLIPSHARE_PROT", "9000", "PORT", "-5"));
        assertThat(r.stderr()).contains("ignoring unknown setting CLIPSHARE_PROT").doesNotContain("ignoring unknown setting PORT");
    }

    @Test
    void helpListsEverySettingWithItsDefault() throws Exception {
        Run r = run(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        for (DemoConfig.Setting s : DemoConfig.Setting.values()) {
            assertThat(r.stdout()).contains(s.env).contains("[" + s.key + "]");
        }
        assertThat(r.stdout()).contains("PORT").contains("(default 8080)").contains("CLIPSHARE_CONFIG");
    }
}
