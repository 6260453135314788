package dev.clipshare.spring.boot;

import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.spi.SharingEventListener;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every {@link SharingEvent} as a Spring application event, so the app listens with
 * {@code @EventListener} on the event type it cares about:
 *
 * <pre>{@code
 * @Component
 * class AuditLog {
 *     @EventListener
 *     void revoked(SharingEvent.ShareRevoked event) {
 *         log.info("{} revoked link {}", event.actor().id(), event.shareId());
 *     }
 * }
 * }</pre>
 *
 * <p>Events are published synchronously on the thread that made the change, after it was stored
 * (a Spring listener may go asynchronous with {@code @Async}). A listener that throws is logged
 * and does not undo the change. Thread-safe.
 */
public final class SharingEventPublisher implements SharingEventListener {
    private final ApplicationEventPublisher publisher;

    /**
     * @param publisher where events go, usually the application context
     */
    public SharingEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    @Override
    public void onEvent(SharingEvent event) {
        publisher.publishEvent(event);
    }
}
