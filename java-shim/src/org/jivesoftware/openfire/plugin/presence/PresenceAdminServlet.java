package org.jivesoftware.openfire.plugin.presence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin page presence-service.jsp (admin login is enforced by Openfire's AuthCheckFilter).
 * GET shows the settings; POST saves them only with the session's CSRF token (else 403,
 * nothing changed) and only valid values (else 400, nothing changed); POST action=rotate with
 * the token rotates the request-signing secret instead; action=user-save / user-rotate with the
 * token save a user's web-presence choices / give them a new private link (GET ?user=NAME shows
 * them; an unknown user: 404, nothing changed). Every valid POST records the page's status
 * address for private links (PresenceSettings.STATUS_URL). Every other method
 * (TRACE, which would echo the session cookie, OPTIONS, PUT ...) is 405.
 */
public class PresenceAdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceAdminServlet.class);
    static final String ALLOWED_METHODS = "GET, HEAD, POST";

    /** GET, HEAD and POST as HttpServlet does; every other method 405, nothing echoed. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "POST".equals(method)) {
            super.service(request, response);
        } else {
            response.setHeader("Allow", ALLOWED_METHODS);
            PresenceStatusServlet.sendPlain(response, 405, "This method is not allowed here.");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        show(request, response, 200, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refusal;
        int status;
        try {
            if (request.getCharacterEncoding() == null) {
                request.setCharacterEncoding(StandardCharsets.UTF_8.name());
            }
            if (!CsrfToken.matches(request.getSession(false), request.getParameter("csrf"))) {
                status = 403;
                refusal = "presence.error.csrf";
            } else if (ACTION_ROTATE.equals(request.getParameter("action"))) {
                PresenceSettings.saveStatusUrl(statusUrl(request));
                PresenceSettings.rotateSecret(System.currentTimeMillis() / 1000);
                LOG.info("presence: request-signing secret rotated");
                show(request, response, 200, "presence.secret.rotated");
                return;
            } else if (ACTION_USER_SAVE.equals(request.getParameter("action"))
                    || ACTION_USER_ROTATE.equals(request.getParameter("action"))) {
                PresenceSettings.saveStatusUrl(statusUrl(request));
                User user = user(request.getParameter("user"));
                status = user == null ? 404 : 400;
                refusal = user == null ? "presence.error.user" : null;
                if (user != null && ACTION_USER_ROTATE.equals(request.getParameter("action"))) {
                    UserWebPresence.rotateLink(user);
                    LOG.info("presence: an administrator gave a user a new private link");
                    show(request, response, 200, "presence.users.rotated");
                    return;
                }
                if (user != null) {
                    UserWebPresence.Visibility visibility = WebPresenceCommand.choice(UserWebPresence.Visibility.class,
                            request.getParameter("visibility"));
                    UserWebPresence.Shown shown = WebPresenceCommand.choice(UserWebPresence.Shown.class, request.getParameter("shown"));
                    if (visibility == null || shown == null) {
                        refusal = "presence.error.user.choice";
                    } else {
                        UserWebPresence.save(user, visibility, shown);
                        LOG.info("presence: an administrator saved a user's web-presence choices");
                        show(request, response, 200, "presence.users.saved");
                        return;
                    }
                }
            } else {
                PresenceSettings.saveStatusUrl(statusUrl(request));
                status = 400;
                String requester = request.getParameter("requester");
                String shown = request.getParameter("shown");
                refusal = requesterRefusal(requester);
                if (refusal == null && shown != null && !PresenceSettings.SHOWN_MESSAGE.equals(shown)
                        && !PresenceSettings.SHOWN_STATUS.equals(shown)) {
                    refusal = "presence.error.shown";
                }
                String theme = request.getParameter("theme");
                if (refusal == null && theme != null && !PresenceSettings.THEMES.contains(theme)) {
                    refusal = "presence.error.theme";
                }
                String maxAge = request.getParameter("cachemaxage");
                String origins = request.getParameter("corsorigins");
                if (refusal == null) {
                    refusal = cachingRefusal(maxAge, origins);
                }
                if (refusal == null) {
                    refusal = saveSettings(request.getParameter("public"), request.getParameter("unavailable"));
                }
                if (refusal == null && shown != null) {
                    PresenceSettings.setProperty(PresenceSettings.SHOWN, shown);
                }
                if (refusal == null) {
                    PresenceSettings.saveCaching(maxAge == null ? null : Long.valueOf(maxAge.trim()),
                            origins == null ? null : origins.trim());
                }
                if (refusal == null && requester != null) {
                    PresenceSettings.saveRequesterSignedOnly(PresenceSettings.REQUESTER_SIGNED.equals(requester));
                }
                if (refusal == null && theme != null) {
                    PresenceSettings.saveTheme(theme);
                }
            }
        } catch (RuntimeException | IOException e) {
            fail(response, e);
            return;
        }
        if (refusal == null) {
            LOG.info("presence: admin settings saved");
            show(request, response, 200, "presence.saved");
        } else {
            LOG.warn("presence: admin settings not saved ({})", refusal);
            show(request, response, status, refusal);
        }
    }

    /** The form value of the page's "rotate the secret" button (name "action"). */
    static final String ACTION_ROTATE = "rotate";
    /** The actions of the per-user forms: save a user's choices, give a user a new private link. */
    static final String ACTION_USER_SAVE = "user-save";
    static final String ACTION_USER_ROTATE = "user-rotate";

    /** The user's private link URL, or null when they have none yet (showing creates none). */
    private static String existingLink(User user) {
        String token = user.getProperties().get(UserWebPresence.LINK_PROPERTY);
        return UserWebPresence.wellFormed(token) ? PresenceSettings.linkUrl(token) : null;
    }

    /** The user named username (trimmed; at most AdminPage.MAX_USERNAME_LENGTH characters, no
     * control characters), or null when absent, malformed or unknown. */
    private static User user(String username) {
        if (username == null || username.trim().isEmpty() || username.length() > AdminPage.MAX_USERNAME_LENGTH
                || username.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        try {
            return XMPPServer.getInstance().getUserManager().getUser(username.trim());
        } catch (UserNotFoundException | IllegalArgumentException e) {
            return null;
        }
    }

    /** null when choice (plugin.presence.requester from the form) is absent (left as it is),
     * "signed" or "trusted"; else the message key of the refusal. */
    private static String requesterRefusal(String choice) {
        if (choice == null || PresenceSettings.REQUESTER_SIGNED.equals(choice)
                || PresenceSettings.REQUESTER_TRUSTED.equals(choice)) {
            return null;
        }
        return "presence.error.requester";
    }

    /**
     * null when the caching fields are absent (left as they are) or valid, else the message key of
     * the refusal. The seconds: a whole number 0..3600. The origins: within the core's length,
     * no control character, and accepted by the core: with a loaded core, its preflight must allow
     * the first origin listed (the core allows none of a list it refuses); without one the list is
     * saved unchecked (the core refuses a bad list when it loads: no origin is allowed).
     */
    static String cachingRefusal(String maxAge, String origins) {
        if (maxAge != null) {
            String seconds = maxAge.trim();
            if (seconds.isEmpty() || seconds.length() > 4 || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Long.parseLong(seconds) > PresenceSettings.MAX_CACHE_MAX_AGE_SECONDS) {
                return "presence.error.maxage";
            }
        }
        if (origins == null) {
            return null;
        }
        String list = origins.trim();
        if (list.length() > PresenceSettings.MAX_CORS_ORIGINS_LENGTH || list.chars().anyMatch(Character::isISOControl)) {
            return "presence.error.cors";
        }
        String first = list.replace(',', ' ').trim().split("[ \\t]+")[0];
        PluginState state = PluginState.current();
        if (first.isEmpty() || state == null || !state.nativeStatus().loaded()) {
            return null;
        }
        return allowedByTheCore(list, first) ? null : "presence.error.cors";
    }

    /** Whether the core's preflight, under the origins list, allows origin. */
    private static boolean allowedByTheCore(String list, String origin) {
        StatusRequestFacts facts = StatusRequestFacts.preflight(
                name -> StatusRequestFacts.ORIGIN.equals(name) ? origin : null);
        facts.fields[PresenceCore.FIELD_CORS_ORIGINS] = list.getBytes(StandardCharsets.UTF_8);
        CoreAnswer answer = CoreAnswer.decode(PresenceCore.resolveFields(facts.fields, facts.flags, facts.priority));
        for (CoreAnswer.Header header : answer.headers()) {
            if (header.name().equals("Access-Control-Allow-Origin")) {
                return header.value().equals(origin);
            }
        }
        return false;
    }

    /** Saves valid settings; returns null when saved, else the message key of the refusal. */
    private static String saveSettings(String publicChoice, String unavailableText) {
        if (!"true".equals(publicChoice) && !"false".equals(publicChoice)) {
            return "presence.error.choice";
        }
        String text = unavailableText == null ? "" : unavailableText;
        if (text.length() > AdminPage.MAX_UNAVAILABLE_LENGTH) {
            return "presence.error.text.long";
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            return "presence.error.text.control";
        }
        PresenceSettings.save(Boolean.parseBoolean(publicChoice), text);
        return null;
    }

    /** Renders the page with the saved settings and an optional notice (an error unless status 200). */
    private void show(HttpServletRequest request, HttpServletResponse response, int status, String notice)
            throws IOException {
        byte[] page;
        try {
            PluginState state = PluginState.current();
            HttpSession session = request.getSession(true);
            String unavailable = PresenceSettings.unavailableStatus();
            AdminPage.Model model = new AdminPage.Model(PresenceSettings.isPublic(),
                    unavailable == null ? PresenceSettings.DEFAULT_UNAVAILABLE_STATUS : unavailable,
                    CsrfToken.of(session), statusUrl(request),
                    XMPPServer.getInstance().getServerInfo().getXMPPDomain(),
                    state == null ? null : state.nativeStatus(), notice, status != 200);
            RequestSignature.Keys keys = PresenceSettings.signingKeys();
            AdminPage.Signing signing = new AdminPage.Signing(PresenceSettings.requesterSignedOnly(), keys.current,
                    keys.previous != null && !keys.previous.isEmpty() && System.currentTimeMillis() / 1000 < keys.previousUntil
                            ? keys.previousUntil : 0);
            String query = request.getParameter("user");
            if (query != null && (query.trim().isEmpty() || query.length() > AdminPage.MAX_USERNAME_LENGTH)) {
                query = null;
            }
            User user = user(query);
            AdminPage.PerUser perUser = new AdminPage.PerUser(
                    PresenceSettings.SHOWN_STATUS.equals(PresenceSettings.shownSetting()), query,
                    user == null ? null : user.getUsername(),
                    user == null ? null : UserWebPresence.visibility(user), user == null ? null : UserWebPresence.shown(user),
                    user == null ? null : existingLink(user));
            AdminPage.Caching caching = new AdminPage.Caching(PresenceSettings.cacheMaxAge(), PresenceSettings.corsOrigins());
            AddressBuilder.Request built = AddressBuilder.parse(request::getParameter);
            User builderUser = user(built.username);
            String builderToken = builderUser == null || !built.useLink ? null
                    : builderUser.getProperties().get(UserWebPresence.LINK_PROPERTY);
            AddressBuilder.View builderView = new AddressBuilder.View(built, statusUrl(request), model.xmppDomain(),
                    builderUser == null ? null : builderUser.getUsername(),
                    UserWebPresence.wellFormed(builderToken) ? builderToken : null);
            page = AdminPage.render(Messages.load(state == null ? null : state.pluginDirectory()), model, signing, perUser,
                    PresenceSettings.theme(), caching, builderView).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            fail(response, e);
            return;
        }
        response.setStatus(status);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    /** The status servlet's URL next to this page's URL. */
    private static String statusUrl(HttpServletRequest request) {
        String page = request.getRequestURL().toString();
        return page.substring(0, page.lastIndexOf('/') + 1) + "status";
    }

    private static void fail(HttpServletResponse response, Exception e) throws IOException {
        LOG.error("presence: admin page failed: {}", LogText.clean(e.toString()));
        PresenceStatusServlet.sendPlain(response, 500, "The presence admin page failed; see the server log.");
    }
}
