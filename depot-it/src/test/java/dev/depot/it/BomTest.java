package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * depot-bom lists every published module (those that build sources and Javadoc jars) at the
 * project's version, and nothing else: what an application importing it relies on. Reads the
 * poms of the checkout, as a reviewer would.
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static String child(Element e, String name) {
        NodeList l = e.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    @Test
    void listsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Document parent = pom(ROOT.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        List<String> published = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().trim();
            String text = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            if (text.contains("<artifactId>maven-javadoc-plugin</artifactId>")) {
                published.add(module);
            }
        }
        assertThat(published).contains("depot-core", "depot-jdbc", "depot-redis", "depot-s3", "depot-media");

        Document bom = pom(ROOT.resolve("depot-bom/pom.xml"));
        Element root = bom.getDocumentElement();
        assertThat(root.getElementsByTagName("parent").getLength()).as("no parent: its dependencyManagement would leak").isZero();
        assertThat(child(root, "version")).isEqualTo(version);
        assertThat(child(root, "packaging")).isEqualTo("pom");
        List<String> listed = new ArrayList<>();
        NodeList deps = root.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(child(d, "groupId")).isEqualTo("dev.depot");
            assertThat(child(d, "version")).isEqualTo("${project.version}");
            listed.add(child(d, "artifactId"));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
        // Each listed artifact is what its module's pom calls itself.
        Pattern artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");
        for (String module : published) {
            Matcher m = artifact.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
            assertThat(m.find()).as(module).isTrue();
            assertThat(m.group(1)).isEqualTo(module);
        }
    }
}
