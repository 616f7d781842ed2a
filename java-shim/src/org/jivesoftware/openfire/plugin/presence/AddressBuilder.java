package org.jivesoftware.openfire.plugin.presence;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin page's address builder: an administrator picks a user, an answer type and its
 * options (a plain GET form, fields named FIELD_PREFIX + the status parameter), and the page shows
 * the status URL, an HTML snippet to paste and a live preview. The builder decides nothing about
 * answers: TYPES and OPTIONS only list what the core accepts (an e2e test asks the plugin for
 * every listed value and expects 200), so adding a type or an option is one line in one table.
 */
final class AddressBuilder {
    /** How a type is embedded: an icon (img with srcset), a fixed-size picture, a badge, data to
     * fetch, or shields.io's endpoint JSON (an img of img.shields.io; previewed as data). */
    enum Kind { ICON, PICTURE, BADGE, DATA, SHIELDS }

    /** An answer type the core accepts, how it is embedded, and its displayed size in CSS px (0: its own). */
    static final class Type {
        final String name;
        final Kind kind;
        final int pixels;

        Type(String name, Kind kind, int pixels) {
            this.name = name;
            this.kind = kind;
            this.pixels = pixels;
        }
    }

    /** A status parameter of some types: a choice among values (the first is the core's default
     * size where it matters; absent means the server's default), or free text of at most maxBytes
     * UTF-8 bytes without control characters (values empty). */
    static final class Option {
        final String parameter;
        final List<String> types;
        final List<String> values;
        final int maxBytes;

        private Option(String parameter, List<String> types, List<String> values, int maxBytes) {
            this.parameter = parameter;
            this.types = types;
            this.values = values;
            this.maxBytes = maxBytes;
        }

        static Option choice(String parameter, List<String> types, List<String> values) {
            return new Option(parameter, types, Collections.unmodifiableList(new ArrayList<>(values)), 0);
        }

        static Option text(String parameter, List<String> types, int maxBytes) {
            return new Option(parameter, types, Collections.<String>emptyList(), maxBytes);
        }

        boolean isChoice() {
            return !values.isEmpty();
        }
    }

    /** The size parameter of icons: its values give the img's srcset (README "Icon themes"). */
    static final String SIZE = "size";
    static final String FORMAT = "format";
    static final String SVG = "svg";

    /** The answer types, the default first (presence.c answer_type_of). */
    static final List<Type> TYPES = Collections.unmodifiableList(Arrays.asList(
            new Type("image", Kind.ICON, 16),
            new Type("text", Kind.DATA, 0),
            new Type("xml", Kind.DATA, 0),
            new Type("json", Kind.DATA, 0),
            new Type("badge", Kind.BADGE, 0),
            new Type("shields", Kind.SHIELDS, 0),
            new Type("avatar", Kind.PICTURE, 64)));

    /** presence.h PRESENCE_MAX_LABEL: the longest label the core accepts, in UTF-8 bytes. */
    static final int MAX_LABEL_BYTES = 64;
    private static final List<String> BADGES = Arrays.asList("badge", "shields");
    private static final List<String> IMAGES = Collections.singletonList("image");

    /** The options of the types, each value one the core accepts for those types. */
    static final List<Option> OPTIONS = Collections.unmodifiableList(Arrays.asList(
            Option.choice("theme", IMAGES, PresenceSettings.THEMES),
            Option.choice(SIZE, IMAGES, Arrays.asList("16", "32", "48")),
            Option.choice(FORMAT, IMAGES, Arrays.asList("png", SVG)),
            Option.text("label", BADGES, MAX_LABEL_BYTES),
            Option.choice("message", BADGES, Arrays.asList("0", "1"))));

    /** The builder's form fields: FIELD_PREFIX + "user", "type", "link" and each option's parameter. */
    static final String FIELD_PREFIX = "build-";
    static final String FIELD_USER = FIELD_PREFIX + "user";
    static final String FIELD_TYPE = FIELD_PREFIX + "type";
    static final String FIELD_LINK = FIELD_PREFIX + "link";
    /** shields.io's endpoint badge, given the URL of a type=shields answer. */
    static final String SHIELDS_ENDPOINT = "https://img.shields.io/endpoint?url=";

    /** What the builder was asked for, validated: a message key (+ argument) per refused value. */
    static final class Request {
        final String username;
        final Type type;
        final Map<String, String> options = new LinkedHashMap<>();
        final boolean useLink;
        final List<String[]> problems = new ArrayList<>();

        private Request(String username, Type type, boolean useLink) {
            this.username = username;
            this.type = type;
            this.useLink = useLink;
        }
    }

    /** The builder's request from the page's parameters (by name, null when absent): an unknown
     * type or value is replaced by the default and named in problems; a text over its bound or
     * with control characters is left out and named; username is trimmed, null when absent (and,
     * named in problems, when over AdminPage.MAX_USERNAME_LENGTH or with control characters). */
    static Request parse(Function<String, String> parameters) {
        String username = parameters.apply(FIELD_USER);
        boolean longName = username != null && (username.length() > AdminPage.MAX_USERNAME_LENGTH
                || username.chars().anyMatch(Character::isISOControl));
        username = username == null || longName || username.trim().isEmpty() ? null : username.trim();
        String typeName = parameters.apply(FIELD_TYPE);
        Type type = TYPES.get(0);
        boolean badType = false;
        if (typeName != null && !typeName.isEmpty()) {
            Type found = type(typeName);
            badType = found == null;
            type = found == null ? type : found;
        }
        Request request = new Request(username, type, "1".equals(parameters.apply(FIELD_LINK)));
        if (longName) {
            request.problems.add(new String[] {"presence.builder.error.user", FIELD_USER});
        }
        if (badType) {
            request.problems.add(new String[] {"presence.builder.error.type", FIELD_TYPE});
        }
        for (Option option : OPTIONS) {
            String value = parameters.apply(FIELD_PREFIX + option.parameter);
            if (value == null || value.isEmpty() || !option.types.contains(type.name)) {
                continue;
            }
            if (option.isChoice() ? !option.values.contains(value)
                    : value.getBytes(StandardCharsets.UTF_8).length > option.maxBytes
                            || value.chars().anyMatch(Character::isISOControl)) {
                request.problems.add(new String[] {"presence.builder.error.value", option.parameter});
            } else {
                request.options.put(option.parameter, value);
            }
        }
        return request;
    }

    /** The type named name, or null. */
    static Type type(String name) {
        for (Type type : TYPES) {
            if (type.name.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The status URL for request about jid (or, when link is not null, by that private-link token). */
    static String url(String statusUrl, Request request, String jid, String linkToken) {
        StringBuilder url = new StringBuilder(statusUrl);
        url.append(linkToken != null ? "?id=" + encode(linkToken) : "?jid=" + encode(jid));
        if (request.type != TYPES.get(0)) {
            url.append("&type=").append(request.type.name);
        }
        for (Map.Entry<String, String> option : request.options.entrySet()) {
            if (!option.getKey().equals(SIZE)) {
                url.append('&').append(option.getKey()).append('=').append(encode(option.getValue()));
            }
        }
        return url.toString();
    }

    /** The chosen icon size in px: the size option's value, its default, or the type's own size. */
    static int iconSize(Request request) {
        String chosen = request.options.get(SIZE);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        Option size = option(SIZE);
        return size != null && size.types.contains(request.type.name) ? Integer.parseInt(size.values.get(0)) : request.type.pixels;
    }

    /** url at size px when the type has a size option (else url itself). */
    static String sized(String url, Request request, int size) {
        Option option = option(SIZE);
        return option != null && option.types.contains(request.type.name) ? url + "&" + SIZE + "=" + size : url;
    }

    /** The src of an icon's img: url at the chosen size. */
    static String iconSrc(String url, Request request) {
        return request.type.kind == Kind.ICON ? sized(url, request, iconSize(request)) : url;
    }

    /** The srcset of an icon's img ("" when none): each listed size that is a whole multiple of
     * the chosen one, as "URL Nx"; none for svg, which scales. */
    static String srcset(String url, Request request) {
        Option option = option(SIZE);
        if (request.type.kind != Kind.ICON || option == null || !option.types.contains(request.type.name)
                || SVG.equals(request.options.get(FORMAT))) {
            return "";
        }
        int size = iconSize(request);
        StringBuilder srcset = new StringBuilder();
        for (String value : option.values) {
            int larger = Integer.parseInt(value);
            if (larger > size && larger % size == 0) {
                srcset.append(srcset.length() == 0 ? "" : ", ").append(sized(url, request, larger)).append(' ')
                      .append(larger / size).append('x');
            }
        }
        return srcset.toString();
    }

    /** The HTML snippet (not escaped) that embeds url for the type, alt naming jid. */
    static String snippet(String url, Request request, String alt) {
        switch (request.type.kind) {
            case ICON:
            case PICTURE: {
                int size = iconSize(request);
                String srcset = srcset(url, request);
                return "<img src=\"" + iconSrc(url, request) + "\"" + (srcset.isEmpty() ? "" : " srcset=\"" + srcset + "\"")
                        + " width=\"" + size + "\" height=\"" + size + "\" alt=\"" + Html.escape(alt) + "\">";
            }
            case BADGE:
                return "<img src=\"" + url + "\" alt=\"" + Html.escape(alt) + "\">";
            case SHIELDS:
                return "<img src=\"" + SHIELDS_ENDPOINT + encode(url) + "\" alt=\"" + Html.escape(alt) + "\">";
            default:
                return "fetch(\"" + url + "\").then(r => r.text()).then(answer => console.log(answer));";
        }
    }

    /** What the builder section shows: the request, the status servlet's URL, the server's
     * domain, the user found (null: none asked for or none found) and that user's existing
     * private-link token (null: none, or not asked for). */
    static final class View {
        final Request request;
        final String statusUrl;
        final String xmppDomain;
        final String user;
        final String linkToken;

        View(Request request, String statusUrl, String xmppDomain, String user, String linkToken) {
            this.request = request;
            this.statusUrl = statusUrl;
            this.xmppDomain = xmppDomain;
            this.user = user;
            this.linkToken = linkToken;
        }
    }

    /** Appends the builder's form, its messages, the URL, the snippet and (for a user found) the
     * preview to html; every value HTML-escaped, every URL parameter percent-encoded. */
    static void render(StringBuilder html, Messages messages, View view, String exampleUser) {
        Request request = view.request;
        html.append("<form action=\"presence-service.jsp\" method=\"get\" id=\"address-builder\">\n")
            .append("<p><label for=\"").append(FIELD_USER).append("\">").append(text(messages, "presence.builder.user"))
            .append("</label>\n<input type=\"text\" id=\"").append(FIELD_USER).append("\" name=\"").append(FIELD_USER)
            .append("\" size=\"30\" maxlength=\"").append(AdminPage.MAX_USERNAME_LENGTH).append("\" value=\"")
            .append(Html.escape(request.username)).append("\"/></p>\n<p><label for=\"").append(FIELD_TYPE).append("\">")
            .append(text(messages, "presence.builder.type")).append("</label>\n<select id=\"").append(FIELD_TYPE)
            .append("\" name=\"").append(FIELD_TYPE).append("\">\n");
        for (Type type : TYPES) {
            selectOption(html, type.name, type.name, type == request.type);
        }
        html.append("</select></p>\n");
        for (Option option : OPTIONS) {
            String field = FIELD_PREFIX + option.parameter;
            String chosen = request.options.get(option.parameter);
            html.append("<p><label for=\"").append(field).append("\">")
                .append(text(messages, "presence.builder.option", option.parameter, String.join(", ", option.types)))
                .append("</label>\n");
            if (option.isChoice()) {
                html.append("<select id=\"").append(field).append("\" name=\"").append(field).append("\" data-types=\"")
                    .append(Html.escape(String.join(" ", option.types))).append("\">\n");
                selectOption(html, "", messages.text("presence.builder.default"), chosen == null);
                for (String value : option.values) {
                    selectOption(html, value, value, value.equals(chosen));
                }
                html.append("</select></p>\n");
            } else {
                html.append("<input type=\"text\" id=\"").append(field).append("\" name=\"").append(field)
                    .append("\" size=\"30\" maxlength=\"").append(option.maxBytes).append("\" data-types=\"")
                    .append(Html.escape(String.join(" ", option.types))).append("\" data-max-bytes=\"").append(option.maxBytes)
                    .append("\" value=\"").append(Html.escape(chosen)).append("\"/></p>\n");
            }
        }
        html.append("<p><input type=\"checkbox\" id=\"").append(FIELD_LINK).append("\" name=\"").append(FIELD_LINK)
            .append("\" value=\"1\"").append(request.useLink ? " checked=\"checked\"" : "").append("/> <label for=\"")
            .append(FIELD_LINK).append("\">").append(text(messages, "presence.builder.link")).append("</label></p>\n")
            .append("<input type=\"submit\" value=\"").append(text(messages, "presence.builder.show")).append("\"/>\n</form>\n");
        for (String[] problem : request.problems) {
            html.append("<p class=\"builder-problem\"><strong>").append(text(messages, problem[0], problem[1]))
                .append("</strong></p>\n");
        }
        if (request.username != null && view.user == null) {
            html.append("<p id=\"builder-no-user\">").append(text(messages, "presence.users.none", request.username)).append("</p>\n");
        }
        boolean byLink = view.user != null && request.useLink && view.linkToken != null;
        if (view.user != null && request.useLink && view.linkToken == null) {
            html.append("<p id=\"builder-no-link\">").append(text(messages, "presence.builder.nolink", view.user)).append("</p>\n");
        }
        String jid = (view.user == null ? exampleUser : view.user) + "@" + view.xmppDomain;
        String url = url(view.statusUrl, request, jid, byLink ? view.linkToken : null);
        String alt = byLink ? messages.text("presence.builder.alt.link")
                : messages.text(request.type.kind == Kind.PICTURE ? "presence.builder.alt.picture" : "presence.builder.alt", jid);
        if (view.user == null) {
            html.append("<p>").append(text(messages, "presence.builder.placeholder", exampleUser)).append("</p>\n");
        }
        html.append("<p>").append(text(messages, "presence.builder.url")).append("<br/><code id=\"builder-url\">")
            .append(Html.escape(iconSrc(url, request))).append("</code></p>\n<p>").append(text(messages, "presence.builder.snippet"))
            .append("<br/><code id=\"builder-snippet\">").append(Html.escape(snippet(url, request, alt))).append("</code></p>\n");
        if (view.user != null) {
            html.append("<p>").append(text(messages, "presence.builder.preview")).append("</p>\n<div id=\"builder-preview\">");
            preview(html, url, request, alt, messages);
            html.append("</div>\n");
        }
    }

    /** The live answer in the admin's browser, straight from the status URL: an img for pictures
     * (an img runs no script), else an iframe with an empty sandbox (no script, an opaque
     * origin), on top of the answer's own Content-Security-Policy: sandbox. */
    private static void preview(StringBuilder html, String url, Request request, String alt, Messages messages) {
        if (request.type.kind == Kind.DATA || request.type.kind == Kind.SHIELDS) {
            html.append("<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" width=\"600\" height=\"120\" title=\"")
                .append(text(messages, "presence.builder.preview")).append("\" src=\"").append(Html.escape(url))
                .append("\"></iframe>");
            return;
        }
        String srcset = srcset(url, request);
        html.append("<img referrerpolicy=\"no-referrer\" src=\"").append(Html.escape(iconSrc(url, request))).append('"');
        if (!srcset.isEmpty()) {
            html.append(" srcset=\"").append(Html.escape(srcset)).append('"');
        }
        if (request.type.kind != Kind.BADGE) {
            int size = iconSize(request);
            html.append(" width=\"").append(size).append("\" height=\"").append(size).append('"');
        }
        html.append(" alt=\"").append(Html.escape(alt)).append("\"/>");
    }

    private static void selectOption(StringBuilder html, String value, String label, boolean selected) {
        html.append("<option value=\"").append(Html.escape(value)).append('"').append(selected ? " selected=\"selected\"" : "")
            .append('>').append(Html.escape(label)).append("</option>\n");
    }

    private static String text(Messages messages, String key, Object... arguments) {
        return Html.escape(messages.text(key, arguments));
    }

    static Option option(String parameter) {
        for (Option option : OPTIONS) {
            if (option.parameter.equals(parameter)) {
                return option;
            }
        }
        return null;
    }

    static String encode(String value) {
        try {
            return URLEncoder.encode(value, StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private AddressBuilder() {
    }
}
