package dev.clipshare.benchmarks.jmh;

import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.servlet.internal.viewer.Cookies;
import dev.clipshare.servlet.internal.viewer.HtmlSafeJson;
import dev.clipshare.servlet.internal.viewer.Templates;
import jakarta.servlet.FilterChain;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The share page as the servlet filter answers it, without a container or a network: the real
 * {@link ShareFilter} over the in-memory stores, called with stub requests and responses
 * ({@link ServletStubs}). Each call does everything a page view does (path parsing, rate limits,
 * token hash and lookup, view count, link card with the unsealed token, Mustache rendering,
 * security headers) except the socket. This is the CPU floor under the load benchmark's page
 * figures, and {@link #shareTemplateOnly} splits off what Mustache alone costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PageBenchmark {
    private static final FilterChain NOT_OURS = (req, res) -> {
        throw new IllegalStateException("the filter passed a share request down the chain");
    };

    private ShareFilter filter;
    private ServletStubs.Request publicPage;
    private ServletStubs.Request grantedPage;
    private ServletStubs.Request missingPage;
    private Templates templates;
    private Map<String, Object> model;

    @Setup
    public void setUp() throws Exception {
        Fixture f = new Fixture(Fixture.FAST_BCRYPT);
        filter = ShareFilter.builder(f.sharing, f.policy).build();
        publicPage = new ServletStubs.Request("GET", "/s/" + f.publicToken, null);
        grantedPage = new ServletStubs.Request("GET", "/s/" + f.passwordToken, null)
                .cookie(Cookies.grantName(f.passwordToken), f.grant);
        missingPage = new ServletStubs.Request("GET", "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null);
        long pageBytes = expect(publicPage, 200, "og:video");
        expect(grantedPage, 200, "sig=");
        expect(missingPage, 404, null);
        templates = new Templates(null, null, null);
        model = readyModel(f.publicToken);
        int templateBytes = shareTemplateOnly().length;
        if (Math.abs(templateBytes - pageBytes) > pageBytes / 10) {
            throw new IllegalStateException("the template-only model renders " + templateBytes + " bytes, the filter's page "
                    + pageBytes + ": the model no longer resembles the filter's");
        }
    }

    /** Fails the run when a request does not get the page it should (a benchmark of an error page measures nothing). */
    private long expect(ServletStubs.Request req, int status, String mustContain) throws Exception {
        ServletStubs.Response res = new ServletStubs.Response(true);
        filter.doFilter(req, res, NOT_OURS);
        if (res.getStatus() != status || res.written() == 0 || res.written() != res.contentLength()
                || (mustContain != null && !res.body().contains(mustContain))) {
            throw new IllegalStateException(req.getRequestURI() + " answered " + res.getStatus() + " with " + res.written()
                    + " bytes" + (mustContain == null ? "" : ", expected one containing " + mustContain));
        }
        return res.written();
    }

    /** A public, password-less, ready share: the page behind a link posted in a chat. */
    @Benchmark
    public Object sharePage() throws Exception {
        ServletStubs.Response res = new ServletStubs.Response();
        filter.doFilter(publicPage, res, NOT_OURS);
        return res;
    }

    /** A password-protected share opened with its grant cookie: grant check plus three signed media URLs. */
    @Benchmark
    public Object sharePageWithGrant() throws Exception {
        ServletStubs.Response res = new ServletStubs.Response();
        filter.doFilter(grantedPage, res, NOT_OURS);
        return res;
    }

    /** A well-formed token that opens nothing: the pre-rendered 404 after a hash lookup. */
    @Benchmark
    public Object notFoundPage() throws Exception {
        ServletStubs.Response res = new ServletStubs.Response();
        filter.doFilter(missingPage, res, NOT_OURS);
        return res;
    }

    /** Mustache alone: the share template with a model like the filter's for the public share. */
    @Benchmark
    public byte[] shareTemplateOnly() {
        return templates.render("share.mustache", model);
    }

    private static Map<String, Object> readyModel(String token) {
        String base = "https://video.example.com/s/" + token;
        Map<String, Object> card = new HashMap<>();
        card.put("url", base);
        card.put("siteName", "Clipshare");
        card.put("cardTitle", "Goal in the 89th minute");
        card.put("cardDescription", "The winning goal, from the stands. <b>Sound on!</b>");
        card.put("ogType", "video.other");
        card.put("image", base + "/thumbnail.jpg");
        card.put("video", Map.of("videoUrl", base + "/clip.mp4", "secureUrl", base + "/clip.mp4",
                "videoType", "video/mp4", "videoWidth", 1280, "videoHeight", 720));
        card.put("twitterCard", "player");
        card.put("player", Map.of("playerUrl", base + "?layout=minimal", "playerWidth", 1280, "playerHeight", 720,
                "stream", base + "/clip.mp4", "streamType", "video/mp4"));
        card.put("oembed", "https://video.example.com/s/oembed?format=json&url=https%3A%2F%2Fvideo.example.com%2Fs%2F" + token);
        String page = "/s/" + token;
        Map<String, Object> m = new HashMap<>();
        m.put("siteName", "Clipshare");
        m.put("pageTitle", "Goal in the 89th minute");
        m.put("minimal", false);
        m.put("css", "/s/assets/viewer.css?v=1");
        m.put("card", card);
        m.put("title", "Goal in the 89th minute");
        m.put("description", "The winning goal, from the stands. <b>Sound on!</b>");
        m.put("width", 1280);
        m.put("height", 720);
        m.put("poster", page + "/thumbnail.jpg?v=1");
        m.put("mp4", page + "/clip.mp4?v=1");
        m.put("src", page + "/clip.mp4?v=1");
        m.put("js", "/s/assets/player.js?v=1");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mp4", page + "/clip.mp4?v=1");
        config.put("hls", null);
        config.put("preferHls", false);
        config.put("start", 0);
        config.put("title", "Goal in the 89th minute");
        config.put("hlsJs", "/s/assets/hls.light.min.js?v=1");
        m.put("config", HtmlSafeJson.object(config));
        return m;
    }
}
