package dev.clipshare.servlet.internal.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Properties;

/**
 * The static files the pages use, served by the filter itself so a page makes no third-party
 * request: the style sheet, the player script, the neutral link-card image, and hls.js from its
 * webjar. Loaded into memory once (about 300 KB); each has a content-hash version for its URL
 * and strong ETag. Immutable and thread-safe.
 */
public final class Assets {
    /** Names under {@code {prefix}/assets/}. */
    public static final String CSS = "viewer.css";
    public static final String PLAYER = "player.js";
    /** Notice pages: local times, live progress of a processing clip. */
    public static final String PAGE = "page.js";
    public static final String CARD = "card.png";
    public static final String HLS_JS = "hls.light.min.js";

    private static final String OWN = "dev/clipshare/servlet/viewer/assets/";
    private static final String HLS_POM = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";

    /** One file. */
    public record Asset(String name, String contentType, byte[] bytes, String version) {
        public String etag() {
            return "\"" + version + "\"";
        }
    }

    private final Map<String, Asset> assets;
    private final Map<String, Map<String, String>> paths = new ConcurrentHashMap<>();
    /** Prefixes whose asset paths are kept: a filter has one per context path it is deployed under. */
    private static final int MAX_PREFIXES = 8;

    private Assets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Loads every asset; fails at once when one is missing from the class path. */
    public static Assets load() {
        ClassLoader cl = Assets.class.getClassLoader();
        Map<String, Asset> m = new LinkedHashMap<>();
        m.put(CSS, asset(cl, CSS, OWN + CSS, "text/css;charset=utf-8"));
        m.put(PLAYER, asset(cl, PLAYER, OWN + PLAYER, "text/javascript;charset=utf-8"));
        m.put(PAGE, asset(cl, PAGE, OWN + PAGE, "text/javascript;charset=utf-8"));
        m.put(CARD, asset(cl, CARD, OWN + CARD, "image/png"));
        String hls = "META-INF/resources/webjars/hls.js/" + hlsVersion(cl) + "/dist/" + HLS_JS;
        m.put(HLS_JS, asset(cl, HLS_JS, hls, "text/javascript;charset=utf-8"));
        return new Assets(Map.copyOf(m));
    }

    public Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The asset's path under the prefix, with its version so a new release is fetched anew. */
    public String path(String prefixPath, String name) {
        // a page names three assets; their paths under the filter's prefix (one per context path) are kept
        Map<String, String> byName = paths.get(prefixPath);
        if (byName == null) {
            if (paths.size() >= MAX_PREFIXES) {
                return prefixPath + "/assets/" + name + "?v=" + assets.get(name).version();
            }
            byName = paths.computeIfAbsent(prefixPath, p -> new ConcurrentHashMap<>());
        }
        return byName.computeIfAbsent(name, n -> prefixPath + "/assets/" + n + "?v=" + assets.get(n).version());
    }

    private static String hlsVersion(ClassLoader cl) {
        try (InputStream in = cl.getResourceAsStream(HLS_POM)) {
            if (in == null) {
                throw new IllegalStateException("hls.js webjar (org.webjars.npm:hls.js) is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset asset(ClassLoader cl, String name, String resource, String type) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing viewer asset " + resource);
            }
            byte[] bytes = in.readAllBytes();
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Asset(name, type, bytes, HexFormat.of().formatHex(d, 0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
