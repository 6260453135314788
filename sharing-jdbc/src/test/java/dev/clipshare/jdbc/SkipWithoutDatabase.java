package dev.clipshare.jdbc;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Turns "no database" found in a {@code @BeforeAll} into a skip of every test of the class, so
 * each shows up as skipped in the report (an aborted {@code @BeforeAll} alone reports zero tests
 * run and zero skipped). A failure (what {@code CI=true} makes of a missing database) is left a
 * failure.
 */
final class SkipWithoutDatabase implements LifecycleMethodExecutionExceptionHandler, BeforeEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SkipWithoutDatabase.class);

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof TestAbortedException) {
            context.getStore(NS).put("reason", t.getMessage());
            return;
        }
        throw t;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            String reason = c.get().getStore(NS).get("reason", String.class);
            if (reason != null) {
                throw new TestAbortedException(reason);
            }
        }
    }
}
