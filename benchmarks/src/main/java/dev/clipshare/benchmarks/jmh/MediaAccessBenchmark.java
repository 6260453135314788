package dev.clipshare.benchmarks.jmh;

import dev.clipshare.core.ShareAccess;
import dev.clipshare.core.Sharing;
import dev.clipshare.core.ViewRequest;
import dev.clipshare.core.spi.MediaKey;
import dev.clipshare.servlet.ShareFilter;
import dev.clipshare.servlet.internal.viewer.ByteRanges;
import jakarta.servlet.FilterChain;
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
 * What every media range request pays before the first byte: from the token in the URL to the
 * decision to stream. {@link Sharing#resolve} re-checks the share on each request (token hash,
 * lookup, revocation, the viewer's grant or the URL's signature, the export to serve), then the
 * media store's facts and the {@code Range} decision; no bytes are read. Three ways a player
 * holds access: a public link (nothing to verify), a password-protected link with its grant, a
 * private link's signed stream URL. {@link #signedClipHeadThroughFilter} does the same through
 * the servlet filter (path parsing, headers, conditionals) with a {@code HEAD}, which stops just
 * before the body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MediaAccessBenchmark {
    private static final FilterChain NOT_OURS = (req, res) -> {
        throw new IllegalStateException("the filter passed a media request down the chain");
    };
    private static final String RANGE = "bytes=1048576-";

    private Sharing sharing;
    private ViewRequest publicClip;
    private ViewRequest grantedClip;
    private ViewRequest signedClip;
    private ShareFilter filter;
    private ServletStubs.Request signedHead;

    @Setup
    public void setUp() throws Exception {
        Fixture f = new Fixture(Fixture.FAST_BCRYPT);
        sharing = f.sharing;
        String ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        publicClip = new ViewRequest(f.publicToken, null, null, null, ua, ViewRequest.Purpose.MEDIA);
        grantedClip = new ViewRequest(f.passwordToken, null, f.grant, null, ua, ViewRequest.Purpose.MEDIA);
        signedClip = new ViewRequest(f.privateToken, null, null, f.privateStreamSignature, ua, ViewRequest.Purpose.MEDIA);
        for (ViewRequest r : new ViewRequest[] {publicClip, grantedClip, signedClip}) {
            if (!(decide(r) instanceof ByteRanges.Partial)) {
                throw new IllegalStateException("no partial content for " + r);
            }
        }
        filter = ShareFilter.builder(f.sharing, f.policy).build();
        signedHead = new ServletStubs.Request("HEAD", "/s/" + f.privateToken + "/clip.mp4", "sig=" + f.privateStreamSignature);
        ServletStubs.Response res = (ServletStubs.Response) signedClipHeadThroughFilter();
        if (res.getStatus() != 200 || res.contentLength() != Fixture.CLIP_BYTES || res.written() != 0) {
            throw new IllegalStateException("HEAD of the signed clip answered " + res.getStatus() + ", length " + res.contentLength());
        }
    }

    private ByteRanges.Decision decide(ViewRequest request) {
        ShareAccess access = sharing.resolve(request);
        if (!(access instanceof ShareAccess.Ready r)) {
            return null;
        }
        return sharing.media(r, MediaKey.CLIP).map(m -> ByteRanges.decide(RANGE, m.object().size())).orElse(null);
    }

    @Benchmark
    public ByteRanges.Decision publicClip() {
        return decide(publicClip);
    }

    @Benchmark
    public ByteRanges.Decision grantedClip() {
        return decide(grantedClip);
    }

    @Benchmark
    public ByteRanges.Decision signedClip() {
        return decide(signedClip);
    }

    @Benchmark
    public Object signedClipHeadThroughFilter() throws Exception {
        ServletStubs.Response res = new ServletStubs.Response();
        filter.doFilter(signedHead, res, NOT_OURS);
        return res;
    }
}
