import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The build's check that the BOM lists exactly the published modules: every module of the root
 * pom that is published (its pom does not set {@code maven.deploy.skip} to true) must be in
 * sharing-bom's dependencyManagement at {@code ${project.version}}, and must name its
 * Automatic-Module-Name ({@code module.name}, dev.clipshare.*); the BOM lists nothing else, has
 * no parent and the parent's version.
 *
 * <p>Run by sharing-bom's build with the JDK's source launcher:
 * {@code java sharing-bom/src/build/CheckBom.java <root folder>}. Exits 1 with one line per
 * problem.
 */
public final class CheckBom {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Element parent = read(root.resolve("pom.xml"));
        Element bom = read(root.resolve("sharing-bom/pom.xml"));
        List<String> problems = new ArrayList<>();

        Set<String> published = new LinkedHashSet<>();
        for (Element module : all(child(parent, "modules"), "module")) {
            String dir = module.getTextContent().strip();
            if (dir.equals("sharing-bom")) {
                continue;
            }
            Element pom = read(root.resolve(dir).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            if ("true".equals(text(properties, "maven.deploy.skip"))) {
                continue;
            }
            String artifactId = text(pom, "artifactId");
            published.add(artifactId);
            String moduleName = text(properties, "module.name");
            if (moduleName == null || !moduleName.matches("dev\\.clipshare(\\.[a-z][a-z0-9]*)+")) {
                problems.add(dir + "/pom.xml: a published module sets <module.name>dev.clipshare.x</module.name>"
                        + " (its Automatic-Module-Name); found " + moduleName);
            }
        }

        if (child(bom, "parent") != null) {
            problems.add("sharing-bom/pom.xml: has a parent; importers would get its dependencyManagement too");
        }
        if (child(bom, "dependencies") != null) {
            problems.add("sharing-bom/pom.xml: declares dependencies; a BOM only manages versions");
        }
        if (!text(parent, "version").equals(text(bom, "version"))
                || !text(parent, "groupId").equals(text(bom, "groupId"))) {
            problems.add("sharing-bom/pom.xml: is " + text(bom, "groupId") + ":" + text(bom, "version")
                    + " but the parent is " + text(parent, "groupId") + ":" + text(parent, "version"));
        }
        Set<String> listed = new LinkedHashSet<>();
        for (Element dep : all(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            String artifactId = text(dep, "artifactId");
            listed.add(artifactId);
            if (!published.contains(artifactId)) {
                problems.add("sharing-bom/pom.xml: lists " + text(dep, "groupId") + ":" + artifactId
                        + ", which is not a published module of the root pom");
            }
            if (!text(parent, "groupId").equals(text(dep, "groupId")) || !"${project.version}".equals(text(dep, "version"))) {
                problems.add("sharing-bom/pom.xml: " + artifactId + " must be " + text(parent, "groupId")
                        + " at ${project.version}");
            }
        }
        for (String artifactId : published) {
            if (!listed.contains(artifactId)) {
                problems.add("sharing-bom/pom.xml: misses the published module " + artifactId);
            }
        }

        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("CheckBom: " + p));
            System.exit(1);
        }
        System.out.println("CheckBom: the BOM lists the " + published.size() + " published modules " + published);
    }

    private static Element read(Path pom) throws Exception {
        if (!Files.isRegularFile(pom)) {
            throw new IllegalStateException("no " + pom);
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(pom.toFile());
        return doc.getDocumentElement();
    }

    /** The direct child element named {@code name}, or null. */
    private static Element child(Element e, String name) {
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> all(Element e, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = e == null ? null : e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                found.add(c);
            }
        }
        return found;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().strip();
    }
}
