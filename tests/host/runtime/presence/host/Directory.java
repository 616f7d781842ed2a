/* The in-memory directory the runtime answers from: the server's domain, the admin account,
 * system properties, users (sessions, last status, roster) and external components, read from
 * the JSON file of issue 4. Directory.install makes XMPPServer, JiveGlobals, UserManager,
 * PresenceManager and ComponentManagerFactory answer from it. */
package presence.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

public final class Directory {
    /** One available session of a user. priority null = the stanza has no priority element. */
    public record Session(String resource, Integer priority, Presence.Show show, String status, String extraXml) {
    }

    /** A user: no sessions = offline; roster maps a normalised bare JID to none/to/from/both;
     * properties are the user's extended properties (Openfire's ofUserProp), a live map that
     * User.getProperties() changes. */
    public record User(String username, List<Session> sessions, String lastStatus,
                       Map<String, String> roster, String note, Map<String, String> properties) {
    }

    /** An external component answering presence probes (when answers is true) after delayMillis. */
    public record Component(String subdomain, boolean available, Presence.Show show, String status,
                            boolean answers, long delayMillis, String note) {
    }

    /** A user's vCard photo: the BINVAL text (base64, as the file has it) and the TYPE (null: none). */
    public record Avatar(String type, String base64) {
    }

    private static volatile Directory installed;

    private final String domain;
    private final String adminUsername;
    private final String adminPassword;
    private final Map<String, String> properties;
    private final Map<String, User> users;
    private final Map<String, Component> components;
    private final Map<String, Avatar> avatars;
    /** Per username, the Presence its chosen session holds (made once: the directory never changes). */
    private final Map<String, Presence> sessionPresences = new ConcurrentHashMap<>();

    private Directory(String domain, String adminUsername, String adminPassword, Map<String, String> properties,
                      Map<String, User> users, Map<String, Component> components, Map<String, Avatar> avatars) {
        this.avatars = avatars;
        this.domain = domain;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.properties = properties;
        this.users = users;
        this.components = components;
    }

    /** Parses and checks the directory JSON; IllegalArgumentException names the first problem. */
    public static Directory fromJson(String json) {
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper();
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("directory: not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        return DirectoryReader.read(root);
    }

    static Directory of(String domain, String adminUsername, String adminPassword, Map<String, String> properties,
                        Map<String, User> users, Map<String, Component> components) {
        return of(domain, adminUsername, adminPassword, properties, users, components, Map.of());
    }

    static Directory of(String domain, String adminUsername, String adminPassword, Map<String, String> properties,
                        Map<String, User> users, Map<String, Component> components, Map<String, Avatar> avatars) {
        return new Directory(domain, adminUsername, adminPassword, new ConcurrentHashMap<>(properties),
                Collections.unmodifiableMap(new LinkedHashMap<>(users)),
                Collections.unmodifiableMap(new LinkedHashMap<>(components)), Map.copyOf(avatars));
    }

    /** The vCard photo of the user with this normalised name, or null (no vCard). */
    public Avatar avatar(String username) {
        return username == null ? null : avatars.get(username);
    }

    /** Makes directory the one the Openfire API answers from. */
    public static void install(Directory directory) {
        installed = directory;
    }

    /** The installed directory; IllegalStateException when none is installed. */
    public static Directory installed() {
        Directory current = installed;
        if (current == null) {
            throw new IllegalStateException("no directory installed (presence.host.Directory.install)");
        }
        return current;
    }

    public String domain() {
        return domain;
    }

    /** Whether username/password are the admin's. */
    public boolean isAdmin(String username, String password) {
        return adminUsername.equals(username) && adminPassword.equals(password);
    }

    /** The user with this normalised name, or null. */
    public User user(String username) {
        return users.get(username);
    }

    /** The Presence of the user's session chosen by make, made at the first call and the same
     * object afterwards, as Openfire keeps one Presence per session; make must not return null. */
    public Presence sessionPresence(User user, java.util.function.Function<User, Presence> make) {
        return sessionPresences.computeIfAbsent(user.username(), name -> make.apply(user));
    }

    /** All users in file order. */
    public List<User> users() {
        return new ArrayList<>(users.values());
    }

    /** The component on subdomain (e.g. "gateway"), or null. */
    public Component component(String subdomain) {
        return components.get(subdomain);
    }

    public List<Component> components() {
        return new ArrayList<>(components.values());
    }

    /** The property's current value, or null. */
    public String property(String name) {
        return name == null ? null : properties.get(name);
    }

    /**
     * Openfire's JiveProperties.put: a null name throws NullPointerException; the name is trimmed
     * and loses one trailing "."; a null value deletes the property and its children.
     */
    public void setProperty(String name, String value) {
        if (value == null) {
            properties.remove(name);
            properties.keySet().removeIf(key -> key.startsWith(name + "."));
            return;
        }
        if (name == null) {
            throw new NullPointerException("Key cannot be null. Key=null, value=" + value);
        }
        String key = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        properties.put(key.trim(), value);
    }

    /** A snapshot of all properties. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The bare JID of a user of this directory. */
    public JID userJid(String username) {
        return new JID(username + "@" + domain);
    }
}
