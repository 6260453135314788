package dev.clipshare.containertests.tomcat;

import dev.clipshare.servlet.viewer.TestContainer;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat (11 or 10.1: the API used here is the same) with its defaults: the NIO HTTP/1.1
 * connector on 127.0.0.1, the root context, no web.xml. Only the error pages are told not to
 * name the server, and the logs to be quiet. {@code init()} binds the port before the filter is
 * deployed.
 */
public final class TomcatContainer implements TestContainer {
    private final Tomcat tomcat = new Tomcat();
    private Path baseDir;
    private Context context;

    @Override
    public String name() {
        String info = ServerInfo.getServerInfo(); // "Apache Tomcat/11.0.27"
        return "Tomcat " + info.substring(info.indexOf('/') + 1);
    }

    @Override
    public int bind() throws Exception {
        baseDir = Files.createTempDirectory("clipshare-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setSilent(true); // no INFO lines for every start and stop
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        context = tomcat.addContext("", null);
        // its leak detection, which needs --add-opens, warns on every stop
        ((StandardContext) context).setClearReferencesRmiTargets(false);
        ((StandardContext) context).setClearReferencesThreadLocals(false);
        tomcat.init(); // binds the connector
        return connector.getLocalPort();
    }

    @Override
    public void start(App app) throws Exception {
        FilterDef filter = new FilterDef();
        filter.setFilterName("share-filter");
        filter.setFilter(app.filter());
        filter.setFilterClass(app.filter().getClass().getName());
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("share-filter");
        mapping.addURLPatternDecoded("/*");
        mapping.setDispatcher("REQUEST");
        context.addFilterMap(mapping);
        int n = 0;
        for (Map.Entry<String, HttpServlet> e : app.servlets().entrySet()) {
            String name = "servlet-" + n++;
            Tomcat.addServlet(context, name, e.getValue());
            context.addServletMappingDecoded(e.getKey(), name);
        }
        tomcat.start();
    }

    @Override
    public void stop() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (var walk = Files.walk(baseDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
