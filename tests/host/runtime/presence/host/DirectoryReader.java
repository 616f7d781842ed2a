/* Reads and checks the directory JSON tree (keys of issue 4; unknown keys are ignored). Every
 * problem is an IllegalArgumentException naming where it is, e.g. "users[2].sessions[0].show". */
package presence.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

final class DirectoryReader {
    private static final Set<String> SUBSCRIPTIONS = Set.of("none", "to", "from", "both");
    private static final long MAX_DELAY_MILLIS = 60_000;
    /** A user's keys read into the user properties "presence." + key. */
    private static final List<String> USER_PROPERTY_KEYS = List.of("visibility", "shown", "link");

    private DirectoryReader() {
    }

    static Directory read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw problem("the directory", "must be a JSON object");
        }
        String domain = requiredText(root, "domain", "");
        JID domainJid = validJid(domain, "domain");
        if (domainJid.getNode() != null || domainJid.getResource() != null || !domain.equals(domainJid.getDomain())) {
            throw problem("domain", "must be a normalised domain name (lower case), not '" + domain + "'");
        }
        JsonNode admin = root.get("admin");
        if (admin == null || !admin.isObject()) {
            throw problem("admin", "must be an object with username and password");
        }
        String adminUsername = requiredText(admin, "username", "admin.");
        String adminPassword = requiredText(admin, "password", "admin.");
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode propertyNodes = optionalObject(root, "properties", "");
        for (Iterator<Map.Entry<String, JsonNode>> it = propertyNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw problem("properties." + entry.getKey(), "must be a string");
            }
            properties.put(entry.getKey(), entry.getValue().asText());
        }
        Map<String, Directory.User> users = new LinkedHashMap<>();
        Map<String, Directory.Avatar> avatars = new LinkedHashMap<>();
        List<JsonNode> userNodes = optionalArray(root, "users", "");
        for (int i = 0; i < userNodes.size(); i++) {
            Directory.User user = readUser(userNodes.get(i), "users[" + i + "]", domain);
            if (users.put(user.username(), user) != null) {
                throw problem("users[" + i + "].username", "repeats '" + user.username() + "'");
            }
            // "avatar": the vCard's PHOTO/BINVAL text (base64, any text: hostile ones are the point);
            // "avatarType": its PHOTO/TYPE
            String avatar = optionalText(userNodes.get(i), "avatar", "users[" + i + "].");
            if (avatar != null) {
                avatars.put(user.username(), new Directory.Avatar(
                        optionalText(userNodes.get(i), "avatarType", "users[" + i + "]."), avatar));
            }
        }
        Map<String, Directory.Component> components = new LinkedHashMap<>();
        List<JsonNode> componentNodes = optionalArray(root, "components", "");
        for (int i = 0; i < componentNodes.size(); i++) {
            Directory.Component component = readComponent(componentNodes.get(i), "components[" + i + "]", domain);
            if (components.put(component.subdomain(), component) != null) {
                throw problem("components[" + i + "].subdomain", "repeats '" + component.subdomain() + "'");
            }
        }
        return Directory.of(domain, adminUsername, adminPassword, properties, users, components, avatars);
    }

    private static Directory.User readUser(JsonNode node, String where, String domain) {
        requireObject(node, where);
        String username = requiredText(node, "username", where + ".");
        JID jid = validJid(username + "@" + domain, where + ".username");
        if (!username.equals(jid.getNode())) {
            throw problem(where + ".username", "must be a normalised JID node (lower case), not '" + username + "'");
        }
        List<Directory.Session> sessions = new ArrayList<>();
        List<JsonNode> sessionNodes = optionalArray(node, "sessions", where + ".");
        for (int i = 0; i < sessionNodes.size(); i++) {
            sessions.add(readSession(sessionNodes.get(i), where + ".sessions[" + i + "]", jid));
        }
        Map<String, String> roster = new LinkedHashMap<>();
        List<JsonNode> rosterNodes = optionalArray(node, "roster", where + ".");
        for (int i = 0; i < rosterNodes.size(); i++) {
            String itemWhere = where + ".roster[" + i + "]";
            requireObject(rosterNodes.get(i), itemWhere);
            String bare = validJid(requiredText(rosterNodes.get(i), "jid", itemWhere + "."), itemWhere + ".jid").toBareJID();
            String subscription = requiredText(rosterNodes.get(i), "subscription", itemWhere + ".");
            if (!SUBSCRIPTIONS.contains(subscription)) {
                throw problem(itemWhere + ".subscription", "must be none, to, from or both");
            }
            roster.put(bare, subscription);
        }
        // The user's web-presence choice, stored as the plugin stores it (UserWebPresence):
        // the user properties presence.visibility, presence.shown and presence.link.
        Map<String, String> properties = new ConcurrentHashMap<>();
        for (String key : USER_PROPERTY_KEYS) {
            String value = optionalText(node, key, where + ".");
            if (value != null) {
                properties.put("presence." + key, value);
            }
        }
        return new Directory.User(username, List.copyOf(sessions), xmlText(node, "lastStatus", where + "."),
                roster, optionalText(node, "note", where + "."), properties);
    }

    private static Directory.Session readSession(JsonNode node, String where, JID user) {
        requireObject(node, where);
        String resource = requiredText(node, "resource", where + ".");
        JID full = validJid(user.toBareJID() + "/" + resource, where + ".resource");
        Integer priority = null;
        JsonNode priorityNode = node.get("priority");
        if (priorityNode != null && !priorityNode.isNull()) {
            if (!priorityNode.isInt() || priorityNode.asInt() < -128 || priorityNode.asInt() > 127) {
                throw problem(where + ".priority", "must be an integer from -128 to 127");
            }
            priority = priorityNode.asInt();
        }
        String extra = xmlText(node, "extra", where + ".");
        if (extra != null) {
            checkWellFormed(extra, where + ".extra");
        }
        return new Directory.Session(full.getResource(), priority, show(node, where), xmlText(node, "status", where + "."), extra);
    }

    private static Directory.Component readComponent(JsonNode node, String where, String domain) {
        requireObject(node, where);
        String subdomain = requiredText(node, "subdomain", where + ".");
        JID jid = validJid(subdomain + "." + domain, where + ".subdomain");
        if (subdomain.contains(".") || !jid.getDomain().equals(subdomain + "." + domain)) {
            throw problem(where + ".subdomain", "must be one lower-case DNS label, not '" + subdomain + "'");
        }
        long delay = 50;
        JsonNode delayNode = node.get("delayMillis");
        if (delayNode != null && !delayNode.isNull()) {
            if (!delayNode.canConvertToLong() || !delayNode.isIntegralNumber()
                    || delayNode.asLong() < 0 || delayNode.asLong() > MAX_DELAY_MILLIS) {
                throw problem(where + ".delayMillis", "must be an integer from 0 to " + MAX_DELAY_MILLIS);
            }
            delay = delayNode.asLong();
        }
        return new Directory.Component(subdomain, flag(node, "available", where), show(node, where),
                xmlText(node, "status", where + "."), flag(node, "answers", where), delay,
                optionalText(node, "note", where + "."));
    }

    private static Presence.Show show(JsonNode node, String where) {
        String show = optionalText(node, "show", where + ".");
        if (show == null) {
            return null;
        }
        for (Presence.Show value : Presence.Show.values()) {
            if (value.name().equals(show)) {
                return value;
            }
        }
        throw problem(where + ".show", "must be absent, null, chat, away, xa or dnd, not '" + show + "'");
    }

    private static boolean flag(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            throw problem(where + "." + key, "must be true or false");
        }
        return value.asBoolean();
    }

    private static void checkWellFormed(String extra, String where) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fail on fatal errors without printing them
            builder.parse(new InputSource(new StringReader("<extra>" + extra + "</extra>")));
        } catch (Exception e) {
            throw problem(where, "must be well-formed XML child elements (" + e.getMessage() + ")");
        }
    }

    private static JID validJid(String jid, String where) {
        try {
            return new JID(jid);
        } catch (IllegalArgumentException e) {
            throw problem(where, "is not valid: " + e.getMessage());
        }
    }

    private static String xmlText(JsonNode node, String key, String prefix) {
        String text = optionalText(node, key, prefix);
        if (text != null && !Xml.isXmlText(text)) {
            throw problem(prefix + key, "holds a character XML does not allow (Openfire could not hold it)");
        }
        return text;
    }

    private static String requiredText(JsonNode node, String key, String prefix) {
        String text = optionalText(node, key, prefix);
        if (text == null || text.isEmpty()) {
            throw problem(prefix + key, "is required (a non-empty string)");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String key, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw problem(prefix + key, "must be a string");
        }
        return value.asText();
    }

    private static JsonNode optionalObject(JsonNode node, String key, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        requireObject(value, prefix + key);
        return value;
    }

    private static List<JsonNode> optionalArray(JsonNode node, String key, String prefix) {
        JsonNode value = node.get(key);
        List<JsonNode> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            throw problem(prefix + key, "must be an array");
        }
        value.forEach(items::add);
        return items;
    }

    private static void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw problem(where, "must be a JSON object");
        }
    }

    private static IllegalArgumentException problem(String where, String message) {
        return new IllegalArgumentException("directory: " + where + " " + message);
    }
}
