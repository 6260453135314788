package dev.clipshare.spring.boot;

import dev.clipshare.core.spi.SourceResolver;
import dev.clipshare.core.spi.Transcoder;
import dev.clipshare.transcode.JavaCvTranscoder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * JavaCV (FFmpeg, sharing-transcode) as the {@link Transcoder} when it is on the class path, the
 * app exports (it has a {@link SourceResolver} bean) and it has no transcoder of its own. Loading
 * FFmpeg's natives takes a moment at start; apps that never export leave sharing-transcode out.
 */
@AutoConfiguration(after = ClipshareAutoConfiguration.class)
@ConditionalOnClass(name = "dev.clipshare.transcode.JavaCvTranscoder")
@ConditionalOnProperty(prefix = "clipshare", name = {"enabled", "export.enabled"}, matchIfMissing = true)
@ConditionalOnBean(SourceResolver.class)
public class ClipshareTranscoderAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public ClipshareTranscoderAutoConfiguration() { }

    /**
     * The JavaCV transcoder with every default (H.264/AAC MP4, thumbnail, HLS).
     *
     * @return the transcoder
     */
    @Bean
    @ConditionalOnMissingBean(Transcoder.class)
    public Transcoder clipshareTranscoder() {
        return JavaCvTranscoder.create();
    }
}
