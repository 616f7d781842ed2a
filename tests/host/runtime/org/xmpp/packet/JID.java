/* Plugin host runtime: Tinder's XMPP address [node@]domain[/resource], parsed, validated and
 * normalised close to Tinder 2.0 (node and domain lower-cased, NFKC, each part at most 1023 UTF-8
 * bytes). Like Tinder, valid prepared parts are kept in small bounded caches (per part kind, at
 * most PREPARED_CACHE_LIMIT entries, emptied when full), so a repeated JID costs a map lookup.
 * Only the members Openfire's Tinder has and presence.jar may use are public. */
package org.xmpp.packet;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

public class JID implements Comparable<JID>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_PART_BYTES = 1023;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String NODE_PROHIBITED = "\"&'/:<>@";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-f:.]+");
    private static final int PREPARED_CACHE_LIMIT = 1000;
    /** Raw part → its valid prepared form (invalid parts are not cached: they throw each time). */
    private static final Map<String, String> PREPARED_NODES = new ConcurrentHashMap<>();
    private static final Map<String, String> PREPARED_DOMAINS = new ConcurrentHashMap<>();
    private static final Map<String, String> PREPARED_RESOURCES = new ConcurrentHashMap<>();

    private final String node;
    private final String domain;
    private final String resource;

    /** Parses and normalises jid; throws IllegalArgumentException when it is not a valid JID. */
    public JID(String jid) {
        if (jid == null) {
            throw new IllegalArgumentException("A JID cannot be null.");
        }
        int slash = jid.indexOf('/');
        int at = jid.indexOf('@');
        if (slash > -1 && at > slash) {
            at = -1; // an '@' inside the resource part
        }
        if (at == 0) {
            throw invalid(jid, "the node part is empty");
        }
        if (slash == jid.length() - 1) {
            throw invalid(jid, "the resource part is empty");
        }
        String rawDomain = slash > -1 ? jid.substring(at + 1, slash) : jid.substring(at + 1);
        this.node = at > 0 ? nodeprep(jid, jid.substring(0, at)) : null;
        this.domain = domainprep(jid, rawDomain);
        this.resource = slash > -1 ? resourceprep(jid, jid.substring(slash + 1)) : null;
    }

    public String getNode() {
        return node;
    }

    public String getDomain() {
        return domain;
    }

    public String getResource() {
        return resource;
    }

    /** node@domain, or domain when there is no node. */
    public String toBareJID() {
        return node == null ? domain : node + "@" + domain;
    }

    @Override
    public String toString() {
        return resource == null ? toBareJID() : toBareJID() + "/" + resource;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public boolean equals(Object object) {
        if (!(object instanceof JID)) {
            return false;
        }
        JID other = (JID) object;
        return domain.equals(other.domain) && Objects.equals(node, other.node)
                && Objects.equals(resource, other.resource);
    }

    /** Orders by domain, then node, then resource; an absent part sorts first. */
    @Override
    public int compareTo(JID other) {
        int byDomain = domain.compareTo(other.domain);
        if (byDomain != 0) {
            return byDomain;
        }
        int byNode = compareNullable(node, other.node);
        return byNode != 0 ? byNode : compareNullable(resource, other.resource);
    }

    private static int compareNullable(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static String nodeprep(String jid, String raw) {
        String cached = PREPARED_NODES.get(raw);
        if (cached != null) {
            return cached;
        }
        String node = prepare(raw).toLowerCase(Locale.ROOT);
        checkPart(jid, "node", node);
        for (int i = 0; i < node.length(); i = node.offsetByCodePoints(i, 1)) {
            int c = node.codePointAt(i);
            if (NODE_PROHIBITED.indexOf(c) >= 0 || isSpace(c) || isProhibited(c)) {
                throw invalid(jid, "the node part contains a prohibited character");
            }
        }
        return remember(PREPARED_NODES, raw, node);
    }

    private static String domainprep(String jid, String raw) {
        String cached = PREPARED_DOMAINS.get(raw);
        if (cached != null) {
            return cached;
        }
        String domain = prepare(raw).toLowerCase(Locale.ROOT);
        checkPart(jid, "domain", domain);
        if (domain.startsWith("[") && domain.endsWith("]")) {
            if (!IP_LITERAL.matcher(domain.substring(1, domain.length() - 1)).matches()) {
                throw invalid(jid, "the domain part is not a valid IP literal");
            }
            return remember(PREPARED_DOMAINS, raw, domain);
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw invalid(jid, "the domain part has an empty or overlong label");
            }
            for (int i = 0; i < label.length(); i = label.offsetByCodePoints(i, 1)) {
                int c = label.codePointAt(i);
                boolean asciiOk = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (c < 0x80 ? !asciiOk : (isSpace(c) || isProhibited(c))) {
                    throw invalid(jid, "the domain part contains a prohibited character");
                }
            }
        }
        return remember(PREPARED_DOMAINS, raw, domain);
    }

    private static String resourceprep(String jid, String raw) {
        String cached = PREPARED_RESOURCES.get(raw);
        if (cached != null) {
            return cached;
        }
        String resource = prepare(raw);
        checkPart(jid, "resource", resource);
        for (int i = 0; i < resource.length(); i = resource.offsetByCodePoints(i, 1)) {
            int c = resource.codePointAt(i);
            if ((c != ' ' && isSpace(c)) || isProhibited(c)) {
                throw invalid(jid, "the resource part contains a prohibited character");
            }
        }
        return remember(PREPARED_RESOURCES, raw, resource);
    }

    /** Stores raw → prepared in cache (emptied first when it is full) and returns prepared. A raw
     * part longer than a valid part's limit (mapped-to-nothing characters) is not kept. */
    private static String remember(Map<String, String> cache, String raw, String prepared) {
        if (raw.length() > MAX_PART_BYTES) {
            return prepared;
        }
        if (cache.size() >= PREPARED_CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(raw, prepared);
        return prepared;
    }

    /** Stringprep's mapping to nothing (table B.1) and NFKC normalisation. */
    private static String prepare(String raw) {
        StringBuilder mapped = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (mapsToNothing(c)) {
                if (mapped == null) {
                    mapped = new StringBuilder(raw.length()).append(raw, 0, i);
                }
            } else if (mapped != null) {
                mapped.append(c);
            }
        }
        return Normalizer.normalize(mapped == null ? raw : mapped, Normalizer.Form.NFKC);
    }

    /** Stringprep table B.1 (all of it lies in the Basic Multilingual Plane). */
    private static boolean mapsToNothing(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u1806' || (c >= '\u180B' && c <= '\u180D')
                || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || (c >= '\uFE00' && c <= '\uFE0F')
                || c == '\uFEFF';
    }

    private static void checkPart(String jid, String name, String part) {
        if (part.isEmpty()) {
            throw invalid(jid, "the " + name + " part is empty");
        }
        if (part.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
            throw invalid(jid, "the " + name + " part is longer than " + MAX_PART_BYTES + " bytes");
        }
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Controls, private use, unpaired surrogates and non-characters (Stringprep tables C.2-C.7). */
    private static boolean isProhibited(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static IllegalArgumentException invalid(String jid, String reason) {
        String shown = jid.length() > 80 ? jid.substring(0, 80) + "..." : jid;
        return new IllegalArgumentException("Illegal JID '" + shown + "': " + reason);
    }
}
