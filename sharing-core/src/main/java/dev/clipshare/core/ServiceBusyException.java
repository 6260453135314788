package dev.clipshare.core;

import java.time.Duration;

/**
 * The service refused work rather than queue it without bound, for example when every slot for
 * a password check is taken and the waiting line is full.
 */
public class ServiceBusyException extends RetryLaterException {
    public ServiceBusyException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
