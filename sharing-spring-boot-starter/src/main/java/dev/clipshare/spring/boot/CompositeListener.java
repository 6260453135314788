package dev.clipshare.spring.boot;

import dev.clipshare.core.SharingEvent;
import dev.clipshare.core.spi.SharingEventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every {@link SharingEventListener} bean, in order; one that throws does not keep the others from hearing. */
final class CompositeListener implements SharingEventListener {
    private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);
    private final List<SharingEventListener> listeners;

    CompositeListener(List<SharingEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onEvent(SharingEvent event) {
        for (SharingEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("sharing event listener {} failed on {}", l, event.getClass().getSimpleName(), e);
            }
        }
    }
}
