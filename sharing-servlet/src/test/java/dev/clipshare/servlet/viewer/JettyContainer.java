package dev.clipshare.servlet.viewer;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/**
 * Jetty 12 (ee10), the default {@link TestContainer}. Unlike the other containers it is told to
 * accept any URI ({@code UriCompliance.UNSAFE}, ambiguous URIs decoded), so that the filter's
 * own path checks, not Jetty's, are what sharing-servlet's tests exercise.
 */
final class JettyContainer implements TestContainer {
    private final Server server = new Server();
    private ServerConnector connector;

    @Override
    public String name() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public int bind() throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        return connector.getLocalPort();
    }

    @Override
    public void start(App app) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addFilter(new FilterHolder(app.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        app.servlets().forEach((pattern, servlet) -> context.addServlet(new ServletHolder(servlet), pattern));
        server.setHandler(context);
        server.start();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
