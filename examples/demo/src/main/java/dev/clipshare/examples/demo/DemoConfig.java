package dev.clipshare.examples.demo;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's settings, read from environment variables and, optionally, a properties file, and
 * checked once: every bad value is reported at start, by name, with what was expected.
 *
 * <pre>{@code
 * DemoConfig config = DemoConfig.load(System.getenv());        // CLIPSHARE_CONFIG names an optional file
 * DemoConfig test = DemoConfig.builder().port(0).dataDir(tmp).sampleSeconds(10).build();
 * }</pre>
 *
 * <p>An environment variable wins over the file; the file wins over the default. The table in
 * the README's "Demo" section lists every setting. Immutable.
 *
 * @param bind          the address the server listens on
 * @param port          the port, 0 for any free one
 * @param publicBaseUrl the origin share links are built on; empty: {@code http://localhost:<port>}
 * @param dataDir       where the database (H2), keys, videos and exported clips live
 * @param dbUrl         a JDBC URL; empty: an H2 file in the data folder
 * @param dbUser        database user, may be empty
 * @param dbPassword    database password, may be empty (never printed)
 * @param bcryptCost    bcrypt work factor for link passwords
 * @param uploadMaxMb   the largest upload, in MiB
 * @param sampleSeconds length of the generated sample video, 0 for none
 * @param sampleWidth   width of the sample video
 * @param sampleHeight  height of the sample video
 * @param exportWorkers how many exports run at once
 */
public record DemoConfig(String bind, int port, Optional<URI> publicBaseUrl, Path dataDir, Optional<String> dbUrl,
                         String dbUser, String dbPassword, int bcryptCost, int uploadMaxMb, int sampleSeconds,
                         int sampleWidth, int sampleHeight, int exportWorkers) {

    /** One setting: its environment variable, its key in the properties file, its default. */
    enum Setting {
        PORT("PORT", "port", "8080", "the HTTP port; 0 picks a free one"),
        BIND("CLIPSHARE_BIND", "bind", "127.0.0.1", "the address to listen on; 0.0.0.0 for every interface"),
        BASE_URL("CLIPSHARE_BASE_URL", "base-url", "", "the public origin of share links, e.g. https://demo.example.com"),
        DATA_DIR("CLIPSHARE_DATA_DIR", "data-dir", "data", "the data folder: database, keys, videos, clips"),
        DB_URL("CLIPSHARE_DB_URL", "db.url", "", "a JDBC URL: H2 (the default), PostgreSQL or MariaDB"),
        DB_USER("CLIPSHARE_DB_USER", "db.user", "", "the database user"),
        DB_PASSWORD("CLIPSHARE_DB_PASSWORD", "db.password", "", "the database password"),
        BCRYPT_COST("CLIPSHARE_BCRYPT_COST", "bcrypt-cost", "12", "bcrypt work factor of link passwords, 10..16"),
        UPLOAD_MAX_MB("CLIPSHARE_UPLOAD_MAX_MB", "upload-max-mb", "1024", "the largest upload in MiB, 1..65536"),
        SAMPLE_SECONDS("CLIPSHARE_SAMPLE_SECONDS", "sample.seconds", "60", "length of the sample video, 0..600 (0: none)"),
        SAMPLE_SIZE("CLIPSHARE_SAMPLE_SIZE", "sample.size", "1280x720", "size of the sample video, WIDTHxHEIGHT"),
        EXPORT_WORKERS("CLIPSHARE_EXPORT_WORKERS", "export-workers", "1", "exports running at once, 1..8");

        final String env;
        final String key;
        final String defaultValue;
        final String help;

        Setting(String env, String key, String defaultValue, String help) {
            this.env = env;
            this.key = key;
            this.defaultValue = defaultValue;
            this.help = help;
        }
    }

    /** The environment variable naming the optional properties file. */
    public static final String CONFIG_FILE_ENV = "CLIPSHARE_CONFIG";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,4})x(\\d{1,4})");
    private static final Pattern JDBC = Pattern.compile("jdbc:(h2|postgresql|mariadb|mysql):.+");

    public DemoConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
    }

    /**
     * Reads the settings from {@code env} (the process environment, or a test's map) and from the
     * properties file that {@code CLIPSHARE_CONFIG} names, if any.
     *
     * @throws ConfigException listing every bad or unknown setting
     */
    public static DemoConfig load(Map<String, String> env) {
        Map<String, String> file = Map.of();
        String fileName = env.get(CONFIG_FILE_ENV);
        if (fileName != null && !fileName.isBlank()) {
            file = readFile(Path.of(fileName.strip()));
        }
        return resolve(env, file);
    }

    /** Reads a properties file; unknown keys are errors (a typo must not be silently ignored). */
    static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(List.of(CONFIG_FILE_ENV + ": cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.key);
        }
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            if (!known.contains(name)) {
                errors.add(file + ": unknown setting '" + name + "' (known: " + String.join(", ", known) + ")");
            } else {
                values.put(name, p.getProperty(name));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return values;
    }

    static DemoConfig resolve(Map<String, String> env, Map<String, String> file) {
        Values v = new Values(env, file);
        int port = v.integer(Setting.PORT, 0, 65535);
        String bind = v.text(Setting.BIND);
        if (bind.isEmpty() || !bind.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            v.error(Setting.BIND, "must be an IP address or a host name");
        }
        Optional<URI> baseUrl = v.baseUrl(Setting.BASE_URL);
        Path dataDir = v.dataDir(Setting.DATA_DIR);
        String dbUrl = v.text(Setting.DB_URL);
        if (!dbUrl.isEmpty() && !JDBC.matcher(dbUrl).matches()) {
            v.error(Setting.DB_URL, "must start with jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
        }
        int cost = v.integer(Setting.BCRYPT_COST, 10, 16);
        int upload = v.integer(Setting.UPLOAD_MAX_MB, 1, 65536);
        int sample = v.integer(Setting.SAMPLE_SECONDS, 0, 600);
        int[] size = v.size(Setting.SAMPLE_SIZE);
        int workers = v.integer(Setting.EXPORT_WORKERS, 1, 8);
        v.throwIfAny();
        return new DemoConfig(bind, port, baseUrl, dataDir, dbUrl.isEmpty() ? Optional.empty() : Optional.of(dbUrl),
                v.text(Setting.DB_USER), v.raw(Setting.DB_PASSWORD), cost, upload, sample, size[0], size[1], workers);
    }

    /** A builder starting from the defaults, for tests and embedders. */
    public static Builder builder() {
        return new Builder();
    }

    /** The JDBC URL to use: the configured one, or an H2 file in the data folder. */
    public String jdbcUrl() {
        return dbUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir.resolve("clipshare-demo").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0");
    }

    /** Whether the database is the embedded H2 default. */
    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /** The JDBC URL without credentials a URL might carry, for printing. */
    public String printableDbUrl() {
        return jdbcUrl().replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    /** The base URL share links are built on, once the port is known. */
    public URI baseUrl(int actualPort) {
        return publicBaseUrl.orElseGet(() -> URI.create("http://localhost:" + actualPort));
    }

    /** Builds a {@link DemoConfig} from the defaults; the same checks as {@link #load}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder() { }

        public Builder port(int port) {
            return set(Setting.PORT, Integer.toString(port));
        }

        public Builder bind(String bind) {
            return set(Setting.BIND, bind);
        }

        public Builder baseUrl(String url) {
            return set(Setting.BASE_URL, url);
        }

        public Builder dataDir(Path dir) {
            return set(Setting.DATA_DIR, dir.toString());
        }

        public Builder database(String url, String user, String password) {
            set(Setting.DB_URL, url);
            set(Setting.DB_USER, user);
            return set(Setting.DB_PASSWORD, password);
        }

        public Builder bcryptCost(int cost) {
            return set(Setting.BCRYPT_COST, Integer.toString(cost));
        }

        public Builder uploadMaxMb(int mb) {
            return set(Setting.UPLOAD_MAX_MB, Integer.toString(mb));
        }

        public Builder sampleSeconds(int seconds) {
            return set(Setting.SAMPLE_SECONDS, Integer.toString(seconds));
        }

        public Builder sampleSize(int width, int height) {
            return set(Setting.SAMPLE_SIZE, width + "x" + height);
        }

        private Builder set(Setting s, String value) {
            values.put(s.env, Objects.requireNonNull(value, s.key));
            return this;
        }

        /** @throws ConfigException when a value is out of range */
        public DemoConfig build() {
            return resolve(values, Map.of());
        }
    }

    /** Looks a setting up (environment, then file, then default) and collects errors. */
    private static final class Values {
        private final Map<String, String> env;
        private final Map<String, String> file;
        private final List<String> errors = new ArrayList<>();

        Values(Map<String, String> env, Map<String, String> file) {
            this.env = env;
            this.file = file;
        }

        String raw(Setting s) {
            String e = env.get(s.env);
            if (e != null) {
                return e;
            }
            String f = file.get(s.key);
            return f != null ? f : s.defaultValue;
        }

        String text(Setting s) {
            return raw(s).strip();
        }

        private String source(Setting s) {
            return env.containsKey(s.env) ? s.env : file.containsKey(s.key) ? s.key + " (in " + CONFIG_FILE_ENV + ")" : s.env;
        }

        void error(Setting s, String problem) {
            errors.add(source(s) + " " + problem + ", was '" + raw(s) + "'");
        }

        int integer(Setting s, int min, int max) {
            String t = text(s);
            try {
                int i = Integer.parseInt(t);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(s, "must be a whole number " + min + ".." + max);
            return Integer.parseInt(s.defaultValue);
        }

        Optional<URI> baseUrl(Setting s) {
            String t = text(s);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            String trimmed = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            try {
                URI u = new URI(trimmed);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
                        && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null
                        && (u.getRawPath() == null || u.getRawPath().isEmpty())) {
                    return Optional.of(u);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            error(s, "must be an http(s) origin such as https://demo.example.com (no path, query or fragment)");
            return Optional.empty();
        }

        Path dataDir(Setting s) {
            String t = text(s);
            if (t.isEmpty()) {
                error(s, "must name a folder");
                return Path.of(s.defaultValue);
            }
            Path p = Path.of(t).toAbsolutePath().normalize();
            if (Files.exists(p) && !Files.isDirectory(p)) {
                error(s, "must be a folder, but " + p + " is a file");
            }
            return p;
        }

        int[] size(Setting s) {
            Matcher m = SIZE.matcher(text(s));
            if (m.matches()) {
                int w = Integer.parseInt(m.group(1));
                int h = Integer.parseInt(m.group(2));
                if (w >= 64 && h >= 64 && w <= 3840 && h <= 2160 && w % 2 == 0 && h % 2 == 0) {
                    return new int[] {w, h};
                }
            }
            error(s, "must be WIDTHxHEIGHT, even numbers, 64x64..3840x2160");
            return new int[] {1280, 720};
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }
    }

    /** A bad configuration: the message lists every problem, one per line. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super("bad configuration:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    @Override
    public String toString() {
        return "DemoConfig[bind=" + bind + ", port=" + port + ", baseUrl=" + publicBaseUrl.map(URI::toString).orElse("(auto)")
                + ", dataDir=" + dataDir + ", db=" + printableDbUrl() + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword.isEmpty() ? "(none)" : "***") + ", bcryptCost=" + bcryptCost
                + ", uploadMaxMb=" + uploadMaxMb + ", sample=" + sampleSeconds + "s " + sampleWidth + "x" + sampleHeight
                + ", exportWorkers=" + exportWorkers + "]";
    }
}
