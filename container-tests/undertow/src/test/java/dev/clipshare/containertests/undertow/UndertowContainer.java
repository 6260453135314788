package dev.clipshare.containertests.undertow;

import dev.clipshare.servlet.viewer.TestContainer;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Embedded Undertow 2.3 with its defaults: one HTTP listener on 127.0.0.1, a servlet deployment
 * at the root context. The listener starts first (the host needs its port to build the filter),
 * serving 503 until the deployment is in place.
 */
public final class UndertowContainer implements TestContainer {
    private volatile HttpHandler deployed = exchange -> exchange.setStatusCode(503);
    private Undertow server;
    private DeploymentManager manager;

    @Override
    public String name() {
        return "Undertow " + Version.getVersionString();
    }

    @Override
    public int bind() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> deployed.handleRequest(exchange))
                .build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void start(App app) throws Exception {
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(UndertowContainer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("clipshare")
                .addFilter(Servlets.filter("share-filter", app.filter().getClass(), new ImmediateInstanceFactory<>(app.filter())))
                .addFilterUrlMapping("share-filter", "/*", DispatcherType.REQUEST);
        int n = 0;
        for (Map.Entry<String, HttpServlet> e : app.servlets().entrySet()) {
            info.addServlet(Servlets.servlet("servlet-" + n++, e.getValue().getClass(), new ImmediateInstanceFactory<>(e.getValue()))
                    .addMapping(e.getKey()));
        }
        manager = Servlets.defaultContainer().addDeployment(info);
        manager.deploy();
        deployed = manager.start();
    }

    @Override
    public void stop() throws Exception {
        try {
            if (manager != null) {
                manager.stop();
                manager.undeploy();
            }
        } finally {
            server.stop();
        }
    }
}
