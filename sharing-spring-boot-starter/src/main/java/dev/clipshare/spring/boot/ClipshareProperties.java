package dev.clipshare.spring.boot;

import dev.clipshare.core.LinksPerTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Clipshare's settings, {@code clipshare.*} in {@code application.properties} (IDEs complete them
 * from the generated configuration metadata). Only the public base URL and the two keys must be
 * set; everything else has the defaults of the {@code Sharing} builder.
 *
 * <pre>
 * clipshare.public-base-url=https://video.example.com
 * clipshare.signing.key=${CLIPSHARE_SIGNING_KEY}      # base64 of at least 32 random bytes
 * clipshare.sealing.key=${CLIPSHARE_SEALING_KEY}      # base64 of exactly 32 random bytes
 * clipshare.jdbc.create-schema=true
 * clipshare.media.directory=/var/lib/myapp/clipshare-media
 * </pre>
 *
 * <p>Keys are checked when the application starts: a missing, short or malformed key stops it
 * with a message naming the property. Bound once at start; not meant to be changed afterwards.
 */
@ConfigurationProperties("clipshare")
public class ClipshareProperties {
    /** Whether the Clipshare auto-configuration is on. */
    private boolean enabled = true;
    /** The origin viewers reach this site at, e.g. https://video.example.com: the only source of absolute URLs in links and link cards. */
    private URI publicBaseUrl;
    /** Where share pages live, e.g. /s (the default) or /share. */
    private String pathPrefix = "/s";
    /** bcrypt work factor for new link passwords, 10..16. */
    private int bcryptCost = 12;
    /** MULTIPLE (any number of links per target) or ONE_PER_VISIBILITY (a second active link of the same visibility is refused with 409). */
    private LinksPerTarget linksPerTarget = LinksPerTarget.MULTIPLE;
    /** Wrong passwords that lock a link. */
    private int lockoutFailures = 5;
    /** How long a locked link stays locked. */
    private Duration lockoutDuration = Duration.ofMinutes(10);
    /** Name shown in page titles, neutral link cards and oEmbed. */
    private String siteName = "Clipshare";
    /** Reverse proxies (IP addresses or CIDR blocks) whose X-Forwarded-For is believed; none by default. */
    private List<String> trustedProxies = new ArrayList<>();
    /** CSP frame-ancestors sources allowed to frame the embed layout of public links. */
    private List<String> embedAllowedOrigins = new ArrayList<>(List.of("https:"));
    /** Where rate-limit buckets live when the app defines no RateLimiter bean: JDBC (the app's database, shared by every node) or MEMORY (per node). */
    private RateLimiterKind rateLimiter = RateLimiterKind.JDBC;
    /**
     * For trying things out only: when a key is unset, use a random one that lives as long as the
     * process (a warning says so). Links then stop opening after a restart. Never in production.
     */
    private boolean ephemeralKeys = false;

    private final Keys signing = Keys.withId("k1");
    private final Keys sealing = Keys.withId("s1");
    private final Jdbc jdbc = new Jdbc();
    private final Media media = new Media();
    private final Export export = new Export();
    private final Api api = new Api();
    private final Security security = new Security();

    /** @return whether the auto-configuration is on */
    public boolean isEnabled() { return enabled; }
    /** @param enabled whether the auto-configuration is on */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    /** @return the public base URL */
    public URI getPublicBaseUrl() { return publicBaseUrl; }
    /** @param publicBaseUrl the public base URL */
    public void setPublicBaseUrl(URI publicBaseUrl) { this.publicBaseUrl = publicBaseUrl; }
    /** @return the share pages' path prefix */
    public String getPathPrefix() { return pathPrefix; }
    /** @param pathPrefix the share pages' path prefix */
    public void setPathPrefix(String pathPrefix) { this.pathPrefix = pathPrefix; }
    /** @return the bcrypt cost */
    public int getBcryptCost() { return bcryptCost; }
    /** @param bcryptCost the bcrypt cost */
    public void setBcryptCost(int bcryptCost) { this.bcryptCost = bcryptCost; }
    /** @return the links-per-target policy */
    public LinksPerTarget getLinksPerTarget() { return linksPerTarget; }
    /** @param linksPerTarget the links-per-target policy */
    public void setLinksPerTarget(LinksPerTarget linksPerTarget) { this.linksPerTarget = linksPerTarget; }
    /** @return wrong passwords that lock a link */
    public int getLockoutFailures() { return lockoutFailures; }
    /** @param lockoutFailures wrong passwords that lock a link */
    public void setLockoutFailures(int lockoutFailures) { this.lockoutFailures = lockoutFailures; }
    /** @return how long a lockout lasts */
    public Duration getLockoutDuration() { return lockoutDuration; }
    /** @param lockoutDuration how long a lockout lasts */
    public void setLockoutDuration(Duration lockoutDuration) { this.lockoutDuration = lockoutDuration; }
    /** @return the site name */
    public String getSiteName() { return siteName; }
    /** @param siteName the site name */
    public void setSiteName(String siteName) { this.siteName = siteName; }
    /** @return the trusted proxies */
    public List<String> getTrustedProxies() { return trustedProxies; }
    /** @param trustedProxies the trusted proxies */
    public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
    /** @return who may frame the embed layout */
    public List<String> getEmbedAllowedOrigins() { return embedAllowedOrigins; }
    /** @param embedAllowedOrigins who may frame the embed layout */
    public void setEmbedAllowedOrigins(List<String> embedAllowedOrigins) { this.embedAllowedOrigins = embedAllowedOrigins; }
    /** @return where rate-limit buckets live */
    public RateLimiterKind getRateLimiter() { return rateLimiter; }
    /** @param rateLimiter where rate-limit buckets live */
    public void setRateLimiter(RateLimiterKind rateLimiter) { this.rateLimiter = rateLimiter; }
    /** @return whether unset keys are replaced by random per-process ones */
    public boolean isEphemeralKeys() { return ephemeralKeys; }
    /** @param ephemeralKeys whether unset keys are replaced by random per-process ones */
    public void setEphemeralKeys(boolean ephemeralKeys) { this.ephemeralKeys = ephemeralKeys; }
    /** @return the signing keys (grants and signed URLs) */
    public Keys getSigning() { return signing; }
    /** @return the sealing keys (tokens at rest) */
    public Keys getSealing() { return sealing; }
    /** @return the JDBC settings */
    public Jdbc getJdbc() { return jdbc; }
    /** @return the media store settings */
    public Media getMedia() { return media; }
    /** @return the export runner settings */
    public Export getExport() { return export; }
    /** @return the management API settings */
    public Api getApi() { return api; }
    /** @return the Spring Security settings */
    public Security getSecurity() { return security; }

    /** Where rate-limit buckets live. */
    public enum RateLimiterKind {
        /** In the app's database, with the JDBC stores: limits hold across nodes. */
        JDBC,
        /** In memory: each node counts on its own. */
        MEMORY
    }

    /**
     * A current key and, during a rotation, previous ones that still verify or unseal.
     * {@code clipshare.signing.key} must be base64 of at least 32 bytes,
     * {@code clipshare.sealing.key} of exactly 32 bytes ({@code openssl rand -base64 32}).
     */
    public static class Keys {
        /** Id of the current key, 1..16 characters of A-Z a-z 0-9 _ - (stored with every signature or sealed token); default k1 for signing, s1 for sealing. */
        private String keyId;
        /** The current key, base64 (standard or URL-safe). */
        private String key;
        /** Previous keys by id, base64, kept during a rotation: they still verify (signing) or unseal (sealing). */
        private Map<String, String> previous = new LinkedHashMap<>();

        /** Keys with no id and no key; see {@link #setKeyId} and {@link #setKey}. */
        public Keys() { }

        static Keys withId(String id) {
            Keys keys = new Keys();
            keys.keyId = id;
            return keys;
        }

        /** @return the current key's id */
        public String getKeyId() { return keyId; }
        /** @param keyId the current key's id */
        public void setKeyId(String keyId) { this.keyId = keyId; }
        /** @return the current key, base64 */
        public String getKey() { return key; }
        /** @param key the current key, base64 */
        public void setKey(String key) { this.key = key; }
        /** @return previous keys by id */
        public Map<String, String> getPrevious() { return previous; }
        /** @param previous previous keys by id */
        public void setPrevious(Map<String, String> previous) { this.previous = previous; }

        @Override
        public String toString() {
            return "Keys[" + keyId + ", redacted]";
        }
    }

    /** Links, exports and rate limits in the app's DataSource. */
    public static class Jdbc {
        /** Whether to create (or upgrade) Clipshare's tables at start; safe on several nodes. Off for hosts that run Flyway. */
        private boolean createSchema = false;
        /** Prefix of Clipshare's table names. */
        private String tablePrefix = "clipshare_";
        /** How long one statement may run before the database cancels it (1 s to 5 min). */
        private Duration queryTimeout = Duration.ofSeconds(2);

        /** @return whether the schema is created at start */
        public boolean isCreateSchema() { return createSchema; }
        /** @param createSchema whether the schema is created at start */
        public void setCreateSchema(boolean createSchema) { this.createSchema = createSchema; }
        /** @return the table prefix */
        public String getTablePrefix() { return tablePrefix; }
        /** @param tablePrefix the table prefix */
        public void setTablePrefix(String tablePrefix) { this.tablePrefix = tablePrefix; }
        /** @return the statement timeout */
        public Duration getQueryTimeout() { return queryTimeout; }
        /** @param queryTimeout the statement timeout */
        public void setQueryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; }
    }

    /** Where exported clips live (a FileMediaStore), unless the app defines a MediaStore bean. */
    public static class Media {
        /** The folder of exported clips, thumbnails and HLS files. */
        private Path directory = Path.of("clipshare-media");

        /** @return the media folder */
        public Path getDirectory() { return directory; }
        /** @param directory the media folder */
        public void setDirectory(Path directory) { this.directory = directory; }
    }

    /** The export runner, started when the app has a SourceResolver bean and a Transcoder (its own bean, or JavaCV from sharing-transcode). */
    public static class Export {
        /** Whether this node runs export jobs. */
        private boolean enabled = true;
        /** Export jobs run at once on this node, 1..64. */
        private int workers = 1;
        /** Where running jobs write (one folder per job); default: the system temporary folder. */
        private Path workDirectory;
        /** How often an idle worker looks for jobs requested on other nodes. */
        private Duration pollInterval = Duration.ofSeconds(10);

        /** @return whether this node runs exports */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether this node runs exports */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return the worker count */
        public int getWorkers() { return workers; }
        /** @param workers the worker count */
        public void setWorkers(int workers) { this.workers = workers; }
        /** @return the work folder, or null for the default */
        public Path getWorkDirectory() { return workDirectory; }
        /** @param workDirectory the work folder */
        public void setWorkDirectory(Path workDirectory) { this.workDirectory = workDirectory; }
        /** @return the poll interval */
        public Duration getPollInterval() { return pollInterval; }
        /** @param pollInterval the poll interval */
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    }

    /** The JSON management API, answered by the same filter as the share pages. */
    public static class Api {
        /** Whether the filter answers the management API. */
        private boolean enabled = true;
        /** Where the management API is mounted. */
        private String basePath = "/api";

        /** @return whether the API is on */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether the API is on */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return the API's base path */
        public String getBasePath() { return basePath; }
        /** @param basePath the API's base path */
        public void setBasePath(String basePath) { this.basePath = basePath; }
    }

    /** The security filter chain for share pages and the API, when Spring Security is on the class path. */
    public static class Security {
        /** Whether to add Clipshare's security filter chain (share pages open to anyone, the API signed-in with problem+json 401s). */
        private boolean enabled = true;
        /** Whether the API chain accepts HTTP Basic (besides the browser's session). */
        private boolean httpBasic = true;

        /** @return whether the chain is added */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether the chain is added */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return whether the API accepts HTTP Basic */
        public boolean isHttpBasic() { return httpBasic; }
        /** @param httpBasic whether the API accepts HTTP Basic */
        public void setHttpBasic(boolean httpBasic) { this.httpBasic = httpBasic; }
    }
}
