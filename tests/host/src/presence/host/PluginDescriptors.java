/* Reads a plugin's plugin.xml (class, name, version) and web/WEB-INF/web.xml (servlets and their
 * url-patterns), as Openfire's PluginManager and PluginServlet do. External entities and DTDs
 * are never loaded. */
package presence.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

final class PluginDescriptors {
    /** plugin.xml: the plugin class (required), its display name and version (may be empty). */
    record PluginXml(String className, String name, String version) {
    }

    /** One servlet of web.xml with its init-params and the url-patterns mapped to it, in file order. */
    record ServletSpec(String name, String className, Map<String, String> initParams, Set<String> urlPatterns) {
    }

    /** web.xml: its servlets and the names of filters the host does not run. */
    record WebXml(List<ServletSpec> servlets, List<String> filterNames) {
    }

    private PluginDescriptors() {
    }

    static PluginXml readPluginXml(Path file) throws IOException {
        Element root = parse(file).getDocumentElement();
        String className = childText(root, "class");
        if (className.isEmpty()) {
            throw new IOException("plugin.xml names no <class>");
        }
        return new PluginXml(className, childText(root, "name"), childText(root, "version"));
    }

    static WebXml readWebXml(Path file) throws IOException {
        Element root = parse(file).getDocumentElement();
        Map<String, String> classes = new LinkedHashMap<>();
        Map<String, Map<String, String>> initParams = new LinkedHashMap<>();
        Map<String, Set<String>> patterns = new LinkedHashMap<>();
        List<String> filterNames = new ArrayList<>();
        for (Element child : children(root)) {
            String servletName = childText(child, "servlet-name");
            switch (child.getLocalName()) {
                case "servlet" -> {
                    classes.put(servletName, childText(child, "servlet-class"));
                    Map<String, String> params = initParams.computeIfAbsent(servletName, key -> new LinkedHashMap<>());
                    for (Element param : children(child)) {
                        if (param.getLocalName().equals("init-param")) {
                            params.put(childText(param, "param-name"), childText(param, "param-value"));
                        }
                    }
                }
                case "servlet-mapping" -> {
                    Set<String> set = patterns.computeIfAbsent(servletName, key -> new LinkedHashSet<>());
                    for (Element pattern : children(child)) {
                        if (pattern.getLocalName().equals("url-pattern")) {
                            set.add(pattern.getTextContent().trim());
                        }
                    }
                }
                case "filter" -> filterNames.add(childText(child, "filter-name"));
                default -> { }
            }
        }
        List<ServletSpec> servlets = new ArrayList<>();
        classes.forEach((name, className) ->
                servlets.add(new ServletSpec(name, className, Map.copyOf(initParams.getOrDefault(name, Map.of())),
                        patterns.getOrDefault(name, Set.of()))));
        return new WebXml(servlets, filterNames);
    }

    private static Document parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fail on fatal errors without printing them
            return builder.parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file.getFileName() + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The trimmed text of parent's first child element called name, or "". */
    private static String childText(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }
}
