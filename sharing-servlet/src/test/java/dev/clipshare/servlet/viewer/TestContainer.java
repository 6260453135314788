package dev.clipshare.servlet.viewer;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The servlet container a {@link ViewerHost} runs in, so that one viewer suite runs on several:
 * Jetty 12 here, Tomcat 11, Tomcat 10.1 and Undertow 2.3 in the {@code container-tests} modules,
 * each of which registers its implementation as a {@link ServiceLoader} service. With none
 * registered (sharing-servlet's own build) the container is Jetty 12.
 *
 * <p>A container is used once: {@link #bind()} (the host needs its port to build the filter),
 * then {@link #start(App)}, then {@link #stop()}. Implementations listen on 127.0.0.1 only, on a
 * port the system picks, and deploy at the root context path. Jetty is told to accept any URI, so
 * that sharing-servlet's tests exercise the filter's own path checks; the others keep their
 * defaults, and where one refuses a request before the filter sees it the tests accept that
 * refusal and say so (see {@link PathSafetyTest}). Not thread-safe: one test class drives it.
 */
public interface TestContainer {
    /** The container and its version, e.g. {@code Tomcat 11.0.27}, for messages. */
    String name();

    /** Opens the listener on 127.0.0.1, port 0, and answers the port it got; nothing is served yet. */
    int bind() throws Exception;

    /** Deploys {@code app} at context path {@code /} and starts serving it. */
    void start(App app) throws Exception;

    /** Stops serving and closes the listener. */
    void stop() throws Exception;

    /**
     * What a {@link ViewerHost} deploys: {@code filter} mapped to {@code /*} for REQUEST
     * dispatches, in front of {@code servlets} (URL pattern to servlet instance).
     */
    record App(Filter filter, Map<String, HttpServlet> servlets) {
        public App {
            servlets = Map.copyOf(servlets);
        }
    }

    /** A new instance of the container registered on the classpath, or Jetty 12 when there is none. */
    static TestContainer load() {
        Iterator<TestContainer> found = ServiceLoader.load(TestContainer.class).iterator();
        if (!found.hasNext()) {
            return new JettyContainer();
        }
        TestContainer container = found.next();
        if (found.hasNext()) {
            throw new IllegalStateException("more than one TestContainer on the classpath: " + container.name()
                    + " and " + found.next().name());
        }
        return container;
    }
}
