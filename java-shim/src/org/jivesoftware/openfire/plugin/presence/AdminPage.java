package org.jivesoftware.openfire.plugin.presence;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Renders the admin page "presence-service" as HTML: settings form, native core status and the
 * URLs to embed. Every text comes from Messages; every dynamic value is HTML-escaped.
 */
final class AdminPage {
    static final String PAGE_ID = "presence-service";
    static final int MAX_UNAVAILABLE_LENGTH = 1024;
    static final String EXAMPLE_USER = "jsmith";

    /** What the page shows. notice is a message key (or null); noticeIsError picks its style. */
    static final class Model {
        private final boolean presencePublic;
        private final String unavailableText;
        private final String csrfToken;
        private final String statusUrl;
        private final String xmppDomain;
        private final NativeLibrary.Status nativeStatus;
        private final String notice;
        private final boolean noticeIsError;

        Model(boolean presencePublic, String unavailableText, String csrfToken, String statusUrl,
              String xmppDomain, NativeLibrary.Status nativeStatus, String notice, boolean noticeIsError) {
            this.presencePublic = presencePublic;
            this.unavailableText = unavailableText;
            this.csrfToken = csrfToken;
            this.statusUrl = statusUrl;
            this.xmppDomain = xmppDomain;
            this.nativeStatus = nativeStatus;
            this.notice = notice;
            this.noticeIsError = noticeIsError;
        }

        boolean presencePublic() {
            return presencePublic;
        }

        String unavailableText() {
            return unavailableText;
        }

        String csrfToken() {
            return csrfToken;
        }

        String statusUrl() {
            return statusUrl;
        }

        String xmppDomain() {
            return xmppDomain;
        }

        NativeLibrary.Status nativeStatus() {
            return nativeStatus;
        }

        String notice() {
            return notice;
        }

        boolean noticeIsError() {
            return noticeIsError;
        }
    }

    /** What the page shows of signed requests (null: the section is left out). secret is the
     * current secret; previousUntil the Unix second the previous one stops, 0 when none is valid. */
    static final class Signing {
        final boolean signedOnly;
        final String secret;
        final long previousUntil;

        Signing(boolean signedOnly, String secret, long previousUntil) {
            this.signedOnly = signedOnly;
            this.secret = secret;
            this.previousUntil = previousUntil;
        }
    }

    /** The per-user part of the page (null: left out): the server's default of what is shown,
     * the username searched for (null: none), and that user's choices and link (user null: the
     * search found nobody). */
    static final class PerUser {
        final boolean shownStatusOnly;
        final String query;
        final String user;
        final UserWebPresence.Visibility visibility;
        final UserWebPresence.Shown shown;
        final String link;

        PerUser(boolean shownStatusOnly, String query, String user, UserWebPresence.Visibility visibility,
                UserWebPresence.Shown shown, String link) {
            this.shownStatusOnly = shownStatusOnly;
            this.query = query;
            this.user = user;
            this.visibility = visibility;
            this.shown = shown;
            this.link = link;
        }
    }

    /** The longest username the search accepts. */
    static final int MAX_USERNAME_LENGTH = 255;

    /** What the page shows of caching and CORS (null: the section is left out): the settings as
     * saved (maxAge as written, null when unset; corsOrigins null when unset). */
    static final class Caching {
        final String maxAge;
        final String corsOrigins;

        Caching(String maxAge, String corsOrigins) {
            this.maxAge = maxAge;
            this.corsOrigins = corsOrigins;
        }
    }

    private final Messages messages;
    private final StringBuilder html = new StringBuilder(8192);
    private Signing signing;
    private PerUser perUser;
    /** The saved plugin.presence.theme (null: the theme section is left out). */
    private String theme;
    private Caching caching;
    /** The address builder (null: the plain examples for EXAMPLE_USER). */
    private AddressBuilder.View builder;

    private AdminPage(Messages messages) {
        this.messages = messages;
    }

    /** The whole page for model. */
    static String render(Messages messages, Model model) {
        return new AdminPage(messages).page(model);
    }

    /** The whole page for model, with the signed-requests setting, secret and rotation. */
    static String render(Messages messages, Model model, Signing signing) {
        AdminPage page = new AdminPage(messages);
        page.signing = signing;
        return page.page(model);
    }

    /** The whole page for model, with signing, the per-user settings, the icon theme choice
     * (theme as saved; null leaves the theme section out) and the caching and CORS settings. */
    static String render(Messages messages, Model model, Signing signing, PerUser perUser, String theme,
                         Caching caching) {
        AdminPage page = new AdminPage(messages);
        page.signing = signing;
        page.perUser = perUser;
        page.theme = theme;
        page.caching = caching;
        return page.page(model);
    }

    /** The whole page for model, with signing, the per-user settings, the icon theme choice, the
     * caching and CORS settings and the address builder (null: the plain examples). */
    static String render(Messages messages, Model model, Signing signing, PerUser perUser, String theme,
                         Caching caching, AddressBuilder.View builder) {
        AdminPage page = new AdminPage(messages);
        page.signing = signing;
        page.perUser = perUser;
        page.theme = theme;
        page.caching = caching;
        page.builder = builder;
        return page.page(model);
    }

    private String page(Model model) {
        html.append("<!DOCTYPE html>\n<html>\n<head>\n<title>").append(text("presence.title"))
            .append("</title>\n<meta name=\"pageID\" content=\"").append(PAGE_ID).append("\"/>\n</head>\n<body>\n");
        html.append("<p>").append(text("presence.intro")).append("</p>\n");
        if (model.notice() != null) {
            html.append("<div class=\"").append(model.noticeIsError() ? "jive-error" : "jive-success")
                .append("\" role=\"status\">").append(text(model.notice(), MAX_UNAVAILABLE_LENGTH)).append("</div>\n");
        }
        nativeStatus(model.nativeStatus());
        form(model);
        rotation(model);
        users(model);
        examples(model);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void nativeStatus(NativeLibrary.Status status) {
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.native.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\"><p id=\"native-status\">");
        if (status != null && status.loaded()) {
            html.append(text("presence.native.loaded"));
        } else {
            String reason = status == null ? text("presence.native.not-initialized") : status.reason();
            html.append("<strong>").append(text("presence.native.failed", reason)).append("</strong>");
        }
        html.append("</p></div>\n");
    }

    private void form(Model model) {
        html.append("<form action=\"presence-service.jsp\" method=\"post\">\n")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(model.csrfToken())).append("\"/>\n")
            .append("<div class=\"jive-contentBoxHeader\">").append(text("presence.visibility.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n");
        radio("true", model.presencePublic(), "presence.visibility.public");
        radio("false", !model.presencePublic(), "presence.visibility.subscribed");
        html.append("<p id=\"visibility-warning\"><strong>").append(text("presence.visibility.warning"))
            .append("</strong></p>\n");
        if (perUser != null) {
            html.append("<p>").append(text("presence.shown.default")).append("</p>\n");
            choiceRadio("shown-default", "shown", PresenceSettings.SHOWN_MESSAGE, !perUser.shownStatusOnly, "presence.shown.default.message");
            choiceRadio("shown-default", "shown", PresenceSettings.SHOWN_STATUS, perUser.shownStatusOnly, "presence.shown.default.status");
        }
        html.append("</div>\n<div class=\"jive-contentBoxHeader\">").append(text("presence.unavailable.legend"))
            .append("</div>\n<div class=\"jive-contentBox\">\n<p><label for=\"unavailable\">")
            .append(text("presence.unavailable.label")).append("</label>\n")
            .append("<input type=\"text\" id=\"unavailable\" name=\"unavailable\" size=\"40\" maxlength=\"")
            .append(MAX_UNAVAILABLE_LENGTH).append("\" value=\"").append(Html.escape(model.unavailableText()))
            .append("\"/></p>\n<p>").append(text("presence.unavailable.hint")).append("</p>\n</div>\n");
        requester();
        themeChoice();
        caching();
        html.append("<input type=\"submit\" name=\"save\" value=\"").append(text("presence.save")).append("\"/>\n")
            .append("</form>\n");
    }

    /** plugin.presence.cache.maxage and plugin.presence.cors.origins, inside the settings form. */
    private void caching() {
        if (caching == null) {
            return;
        }
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.caching.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n<p><label for=\"cachemaxage\">").append(text("presence.caching.label"))
            .append("</label>\n<input type=\"number\" id=\"cachemaxage\" name=\"cachemaxage\" min=\"0\" max=\"")
            .append(PresenceSettings.MAX_CACHE_MAX_AGE_SECONDS).append("\" value=\"")
            .append(Html.escape(caching.maxAge == null ? "0" : caching.maxAge.trim())).append("\"/></p>\n<p>")
            .append(text("presence.caching.hint")).append("</p>\n<p><label for=\"corsorigins\">")
            .append(text("presence.cors.label")).append("</label>\n")
            .append("<input type=\"text\" id=\"corsorigins\" name=\"corsorigins\" size=\"60\" maxlength=\"")
            .append(PresenceSettings.MAX_CORS_ORIGINS_LENGTH).append("\" value=\"")
            .append(Html.escape(caching.corsOrigins == null ? "" : caching.corsOrigins)).append("\"/></p>\n<p>")
            .append(text("presence.cors.hint")).append("</p>\n</div>\n");
    }

    /** The plugin.presence.requester choice, inside the settings form. */
    private void requester() {
        if (signing == null) {
            return;
        }
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.requester.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n");
        requesterRadio(PresenceSettings.REQUESTER_SIGNED, signing.signedOnly, "presence.requester.signed");
        requesterRadio(PresenceSettings.REQUESTER_TRUSTED, !signing.signedOnly, "presence.requester.trusted");
        html.append("</div>\n");
    }

    /** The plugin.presence.theme choice, inside the settings form: one radio per built-in theme
     * (a saved value that is none of them checks classic, which is what the core answers). */
    private void themeChoice() {
        if (theme == null) {
            return;
        }
        String checked = PresenceSettings.THEMES.contains(theme) ? theme : PresenceSettings.DEFAULT_THEME;
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.theme.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n");
        for (String name : PresenceSettings.THEMES) {
            String id = "theme-" + name;
            html.append("<p><input type=\"radio\" name=\"theme\" id=\"").append(id).append("\" value=\"").append(name)
                .append('"').append(name.equals(checked) ? " checked=\"checked\"" : "").append("/> <label for=\"")
                .append(id).append("\">").append(text("presence.theme." + name)).append("</label></p>\n");
        }
        html.append("<p>").append(text("presence.theme.hint")).append("</p>\n</div>\n");
    }

    private void requesterRadio(String value, boolean checked, String labelKey) {
        String id = "requester-" + value;
        html.append("<p><input type=\"radio\" name=\"requester\" id=\"").append(id).append("\" value=\"").append(value)
            .append('"').append(checked ? " checked=\"checked\"" : "").append("/> <label for=\"").append(id)
            .append("\">").append(text(labelKey)).append("</label></p>\n");
    }

    /** The secret to copy into the web application, and its own form (CSRF token) to rotate it. */
    private void rotation(Model model) {
        if (signing == null) {
            return;
        }
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.secret.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n<p>").append(text("presence.secret.intro")).append("</p>\n")
            .append("<p><code id=\"signing-secret\">").append(Html.escape(signing.secret)).append("</code></p>\n");
        if (signing.previousUntil > 0) {
            html.append("<p id=\"previous-secret\">").append(text("presence.secret.previous",
                    java.time.Instant.ofEpochSecond(signing.previousUntil).toString())).append("</p>\n");
        }
        html.append("<form action=\"presence-service.jsp\" method=\"post\">\n")
            .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(model.csrfToken())).append("\"/>\n")
            .append("<input type=\"hidden\" name=\"action\" value=\"").append(PresenceAdminServlet.ACTION_ROTATE).append("\"/>\n")
            .append("<input type=\"submit\" name=\"rotate\" value=\"").append(text("presence.secret.rotate")).append("\"/>\n")
            .append("</form>\n</div>\n");
    }

    /** The users' own choices: a search by username (GET), then the user's choices (their own form,
     * CSRF token, action ACTION_USER_SAVE) and link (rotation: action ACTION_USER_ROTATE). */
    private void users(Model model) {
        if (perUser == null) {
            return;
        }
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.users.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n<p>").append(text("presence.users.intro")).append("</p>\n")
            .append("<form action=\"presence-service.jsp\" method=\"get\" id=\"user-search\">\n<p><label for=\"user\">")
            .append(text("presence.users.search")).append("</label>\n<input type=\"text\" id=\"user\" name=\"user\" size=\"30\" maxlength=\"")
            .append(MAX_USERNAME_LENGTH).append("\" value=\"").append(Html.escape(perUser.query == null ? "" : perUser.query))
            .append("\"/>\n<input type=\"submit\" value=\"").append(text("presence.users.find")).append("\"/></p>\n</form>\n");
        if (perUser.query != null && perUser.user == null) {
            html.append("<p id=\"user-not-found\">").append(text("presence.users.none", perUser.query)).append("</p>\n");
        }
        if (perUser.user != null) {
            html.append("<form action=\"presence-service.jsp\" method=\"post\" id=\"user-choices\">\n")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(model.csrfToken())).append("\"/>\n")
                .append("<input type=\"hidden\" name=\"action\" value=\"").append(PresenceAdminServlet.ACTION_USER_SAVE).append("\"/>\n")
                .append("<input type=\"hidden\" name=\"user\" value=\"").append(Html.escape(perUser.user)).append("\"/>\n")
                .append("<p><strong id=\"user-name\">").append(Html.escape(perUser.user)).append("</strong></p>\n<p>")
                .append(text("presence.command.visibility")).append("</p>\n");
            for (UserWebPresence.Visibility choice : UserWebPresence.Visibility.values()) {
                String value = WebPresenceCommand.name(choice);
                choiceRadio("user-visibility", "visibility", value, choice == perUser.visibility, "presence.command.visibility." + value);
            }
            html.append("<p>").append(text("presence.command.shown")).append("</p>\n");
            for (UserWebPresence.Shown choice : UserWebPresence.Shown.values()) {
                String value = WebPresenceCommand.name(choice);
                choiceRadio("user-shown", "shown", value, choice == perUser.shown, "presence.command.shown." + value);
            }
            html.append("<input type=\"submit\" name=\"save\" value=\"").append(text("presence.users.save")).append("\"/>\n</form>\n")
                .append("<p>").append(text("presence.command.link")).append(": <code id=\"user-link\">")
                .append(perUser.link == null ? text("presence.users.nolink") : Html.escape(perUser.link)).append("</code></p>\n")
                .append("<form action=\"presence-service.jsp\" method=\"post\" id=\"user-rotate\">\n")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(model.csrfToken())).append("\"/>\n")
                .append("<input type=\"hidden\" name=\"action\" value=\"").append(PresenceAdminServlet.ACTION_USER_ROTATE).append("\"/>\n")
                .append("<input type=\"hidden\" name=\"user\" value=\"").append(Html.escape(perUser.user)).append("\"/>\n")
                .append("<input type=\"submit\" name=\"rotate\" value=\"").append(text("presence.users.rotate")).append("\"/>\n</form>\n");
        }
        html.append("</div>\n");
    }

    /** A radio button name=value with id prefix-value and the label of labelKey. */
    private void choiceRadio(String prefix, String name, String value, boolean checked, String labelKey) {
        String id = prefix + "-" + value;
        html.append("<p><input type=\"radio\" name=\"").append(name).append("\" id=\"").append(id).append("\" value=\"")
            .append(value).append('"').append(checked ? " checked=\"checked\"" : "").append("/> <label for=\"").append(id)
            .append("\">").append(text(labelKey)).append("</label></p>\n");
    }

    private void radio(String value, boolean checked, String labelKey) {
        String id = "public-" + value;
        html.append("<p><input type=\"radio\" name=\"public\" id=\"").append(id).append("\" value=\"").append(value)
            .append('"').append(checked ? " checked=\"checked\"" : "").append("/> <label for=\"").append(id)
            .append("\">").append(text(labelKey)).append("</label></p>\n");
    }

    private void examples(Model model) {
        String jid = EXAMPLE_USER + "@" + model.xmppDomain();
        String url = model.statusUrl() + "?jid=" + encode(jid);
        html.append("<div class=\"jive-contentBoxHeader\">").append(text("presence.examples.legend")).append("</div>\n")
            .append("<div class=\"jive-contentBox\">\n");
        if (builder != null) {
            html.append("<p>").append(text("presence.builder.intro")).append("</p>\n");
            AddressBuilder.render(html, messages, builder, EXAMPLE_USER);
            html.append("<p>").append(text("presence.builder.more", EXAMPLE_USER)).append("</p>\n<ul>\n");
        } else {
            html.append("<p>").append(text("presence.examples.intro", EXAMPLE_USER)).append("</p>\n<ul>\n");
            example("presence.examples.image", "<img src=\"" + url + "\" alt=\"status\"/>");
            example("presence.examples.text", url + "&type=text");
            example("presence.examples.xml", url + "&type=xml");
            example("presence.examples.theme", "<img src=\"" + url + "&theme=contrast&size=16\" srcset=\"" + url
                    + "&theme=contrast&size=32 2x, " + url + "&theme=contrast&size=48 3x\" alt=\"status\"/>");
            example("presence.examples.svg", url + "&format=svg");
        }
        example("presence.examples.images", url + "&images=" + encode("https://www.example.com/icons/--IMAGE--.png"));
        example("presence.examples.away", url + "&away=" + encode("https://www.example.com/icons/away.png"));
        example("presence.examples.requester", url + "&type=text&req_jid=" + encode("friend@" + model.xmppDomain())
                + "&expires=UNIX_SECONDS&sig=SIGNATURE");
        html.append("</ul>\n</div>\n");
    }

    private void example(String labelKey, String code) {
        html.append("<li>").append(text(labelKey)).append("<br/><code>").append(Html.escape(code)).append("</code></li>\n");
    }

    /** The message for key, arguments and result HTML-escaped. */
    private String text(String key, Object... arguments) {
        return Html.escape(messages.text(key, arguments));
    }

    private static String encode(String value) {
        try {
            return URLEncoder.encode(value, StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}
