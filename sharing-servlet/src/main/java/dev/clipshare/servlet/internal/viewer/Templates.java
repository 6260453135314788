package dev.clipshare.servlet.internal.viewer;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page templates (Mustache): the built-in ones under
 * {@code dev/clipshare/servlet/viewer/templates/}, each replaceable by a host from a folder or a
 * class-path prefix (partials too, one file at a time). Every template is compiled once, when
 * the filter is built, so a broken host template fails at start-up, not on a viewer's request.
 * {@code {{x}}} escapes for HTML text and attributes ({@code & < > " ' ` =}); the only
 * {@code {{{x}}}} in the built-in templates is the player's configuration, which {@link HtmlSafeJson}
 * escapes for a {@code <script>} element. Thread-safe.
 */
public final class Templates {
    /** Where the built-in templates live on the class path. */
    public static final String BUILT_IN = "dev/clipshare/servlet/viewer/templates/";
    /** The top-level templates the filter renders. */
    public static final List<String> PAGES = List.of("share.mustache", "password.mustache", "notice.mustache");

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+\\.mustache");

    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private final Memo<Rendering, byte[]> shared = new Memo<>(PAGES_KEPT);

    /** Rendered pages a node keeps for {@link #renderShared}: a few KB each. */
    static final int PAGES_KEPT = 512;

    private record Rendering(String page, Map<String, Object> model) { }

    /**
     * @param directory     a host folder whose {@code *.mustache} files replace built-in ones, or {@code null}
     * @param loader        a class loader for {@code classpathPrefix}, or {@code null}
     * @param classpathPrefix a class-path folder (e.g. {@code myapp/clipshare/}) with replacements, or {@code null}
     */
    public Templates(Path directory, ClassLoader loader, String classpathPrefix) {
        MustacheResolver resolver = name -> open(name, directory, loader, classpathPrefix);
        DefaultMustacheFactory factory = new DefaultMustacheFactory(resolver);
        for (String page : PAGES) {
            compiled.put(page, factory.compile(page));
        }
    }

    private static Reader open(String name, Path directory, ClassLoader loader, String prefix) {
        String file = name.startsWith("/") ? name.substring(1) : name;
        if (!NAME.matcher(file).matches()) {
            return null; // templates are flat: no folders, no dot segments
        }
        try {
            if (directory != null) {
                Path p = directory.resolve(file);
                if (Files.isRegularFile(p)) {
                    return Files.newBufferedReader(p, StandardCharsets.UTF_8);
                }
            }
            if (loader != null && prefix != null) {
                InputStream in = loader.getResourceAsStream(prefix + file);
                if (in != null) {
                    return new InputStreamReader(in, StandardCharsets.UTF_8);
                }
            }
            InputStream in = Templates.class.getClassLoader().getResourceAsStream(BUILT_IN + file);
            return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /**
     * {@link #render}, kept per node for the next request with an equal model: the page every
     * viewer of a popular link gets is rendered once, not once per view. The model must hold only
     * values compared by content (strings, numbers, booleans, records of them, and maps and lists
     * of them) and must not change afterwards; the bytes returned are shared and must not be changed either.
     */
    public byte[] renderShared(String page, Map<String, Object> model) {
        return shared.get(new Rendering(page, model), r -> render(r.page(), r.model()));
    }

    /** Renders a top-level template with the model (maps, lists, strings, booleans). */
    public byte[] render(String page, Map<String, Object> model) {
        Mustache m = compiled.get(page);
        if (m == null) {
            throw new IllegalArgumentException("no template " + page);
        }
        StringWriter out = new StringWriter(4096);
        m.execute(out, model);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
