package org.jivesoftware.openfire.plugin.presence;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dom4j.Element;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.jivesoftware.openfire.commands.SessionData;
import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * The XEP-0050 ad-hoc command "Presence on the web" (node NODE): a local user sees a one-stage
 * XEP-0004 form with their visibility, what is shown and a "new private link" box; completing it
 * saves both choices (UserWebPresence), rotates the link when asked, and answers with a note and
 * a result form naming the private link's full URL. Each user changes only their own settings:
 * the user is always the bare JID Openfire authenticated (SessionData.getOwner), never a value of
 * the form. A submitted value that is not exactly one of the offered ones answers an error note
 * and saves nothing. The forms are written with dom4j directly (no Tinder DataForm), so the plugin
 * depends on fewer Openfire/Tinder members.
 */
final class WebPresenceCommand extends AdHocCommand {
    static final String NODE = "urn:openfire:plugin:presence#web-presence";
    static final String DATA_NAMESPACE = "jabber:x:data";
    static final String FIELD_VISIBILITY = "visibility";
    static final String FIELD_SHOWN = "shown";
    static final String FIELD_NEW_LINK = "newlink";
    static final String FIELD_LINK = "link";
    /** A submitted value longer than this is refused before it is compared (no option is longer). */
    static final int MAX_VALUE_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(WebPresenceCommand.class);

    private final File pluginDirectory;

    /** pluginDirectory: where the texts are (may be null: the built-in bundle). */
    WebPresenceCommand(File pluginDirectory) {
        this.pluginDirectory = pluginDirectory;
    }

    @Override
    public String getCode() {
        return NODE;
    }

    /** Fixed English: Openfire reads it once, while constructing the command. */
    @Override
    public String getDefaultLabel() {
        return "Presence on the web";
    }

    /** Only a user of this server, with an account, for their own settings. */
    @Override
    public boolean hasPermission(JID requester) {
        return userOf(requester) != null;
    }

    @Override
    public int getMaxStages(SessionData data) {
        return 1;
    }

    @Override
    protected List<Action> getActions(SessionData data) {
        return Collections.singletonList(Action.complete);
    }

    @Override
    protected Action getExecuteAction(SessionData data) {
        return Action.complete;
    }

    /** The form, filled with the owner's current choices. */
    @Override
    protected void addStageInformation(SessionData data, Element command) {
        Messages messages = messages();
        User user = data == null ? null : userOf(data.getOwner());
        if (user == null) {
            note(command, "error", messages.text("presence.command.not-allowed"));
            return;
        }
        Element form = command.addElement("x", DATA_NAMESPACE).addAttribute("type", "form");
        form.addElement("title").setText(messages.text("presence.command.title"));
        form.addElement("instructions").setText(messages.text("presence.command.instructions"));
        Element visibility = field(form, FIELD_VISIBILITY, "list-single", messages.text("presence.command.visibility"));
        visibility.addElement("required");
        visibility.addElement("value").setText(name(UserWebPresence.visibility(user)));
        for (UserWebPresence.Visibility choice : UserWebPresence.Visibility.values()) {
            option(visibility, messages.text("presence.command.visibility." + name(choice)), name(choice));
        }
        Element shown = field(form, FIELD_SHOWN, "list-single", messages.text("presence.command.shown"));
        shown.addElement("required");
        shown.addElement("value").setText(name(UserWebPresence.shown(user)));
        for (UserWebPresence.Shown choice : UserWebPresence.Shown.values()) {
            option(shown, messages.text("presence.command.shown." + name(choice)), name(choice));
        }
        field(form, FIELD_NEW_LINK, "boolean", messages.text("presence.command.newlink")).addElement("value").setText("0");
    }

    /** Saves the submitted choices, rotates the link when asked, answers the link. */
    @Override
    public void execute(SessionData data, Element command) {
        Messages messages = messages();
        try {
            User user = data == null ? null : userOf(data.getOwner());
            if (user == null) {
                note(command, "error", messages.text("presence.command.not-allowed"));
                return;
            }
            Map<String, List<String>> submitted = data.getData();
            UserWebPresence.Visibility visibility = choice(UserWebPresence.Visibility.class, single(submitted, FIELD_VISIBILITY));
            UserWebPresence.Shown shown = choice(UserWebPresence.Shown.class, single(submitted, FIELD_SHOWN));
            Boolean rotate = bool(submitted.get(FIELD_NEW_LINK));
            if (visibility == null || shown == null || rotate == null) {
                LOG.warn("presence: web-presence command refused a form with values not offered");
                note(command, "error", messages.text("presence.command.invalid"));
                return;
            }
            UserWebPresence.save(user, visibility, shown);
            String token = rotate ? UserWebPresence.rotateLink(user) : UserWebPresence.link(user);
            String url = PresenceSettings.linkUrl(token);
            note(command, "info", messages.text(rotate ? "presence.command.saved.rotated" : "presence.command.saved", url));
            Element result = command.addElement("x", DATA_NAMESPACE).addAttribute("type", "result");
            result.addElement("title").setText(messages.text("presence.command.title"));
            field(result, FIELD_VISIBILITY, "list-single", messages.text("presence.command.visibility"))
                    .addElement("value").setText(name(visibility));
            field(result, FIELD_SHOWN, "list-single", messages.text("presence.command.shown"))
                    .addElement("value").setText(name(shown));
            field(result, FIELD_LINK, "text-single", messages.text("presence.command.link")).addElement("value").setText(url);
        } catch (RuntimeException e) {
            LOG.error("presence: web-presence command failed: {}", LogText.clean(e.toString()));
            command.elements().clear();
            note(command, "error", messages.text("presence.command.failed"));
        }
    }

    /** The local user whose bare JID requester is, or null (remote, no node, unknown, no JID). */
    static User userOf(JID requester) {
        if (requester == null || requester.getNode() == null) {
            return null;
        }
        try {
            XMPPServer server = XMPPServer.getInstance();
            if (!server.isLocal(requester)) {
                return null;
            }
            return server.getUserManager().getUser(requester.getNode());
        } catch (UserNotFoundException | RuntimeException e) {
            return null;
        }
    }

    /** The one value of a field, or null when absent, repeated, empty or too long. */
    private static String single(Map<String, List<String>> submitted, String variable) {
        List<String> values = submitted == null ? null : submitted.get(variable);
        if (values == null || values.size() != 1) {
            return null;
        }
        String value = values.get(0);
        return value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH ? null : value.trim();
    }

    /** The constant whose lower-case name value is exactly, or null. */
    static <E extends Enum<E>> E choice(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(value)) {
                return constant;
            }
        }
        return null;
    }

    /** XEP-0004 boolean: absent or no value is false; "1"/"true" true, "0"/"false" false, else null. */
    private static Boolean bool(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Boolean.FALSE;
        }
        if (values.size() != 1 || values.get(0) == null) {
            return null;
        }
        String value = values.get(0).trim();
        if ("1".equals(value) || "true".equals(value)) {
            return Boolean.TRUE;
        }
        if ("0".equals(value) || "false".equals(value) || value.isEmpty()) {
            return Boolean.FALSE;
        }
        return null;
    }

    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static Element field(Element form, String variable, String type, String label) {
        return form.addElement("field").addAttribute("var", variable).addAttribute("type", type).addAttribute("label", label);
    }

    private static void option(Element field, String label, String value) {
        field.addElement("option").addAttribute("label", label).addElement("value").setText(value);
    }

    private static void note(Element command, String type, String text) {
        command.addElement("note").addAttribute("type", type).setText(text);
    }

    private Messages messages() {
        try {
            return Messages.load(pluginDirectory);
        } catch (IOException e) {
            throw new IllegalStateException("the plugin's texts cannot be read", e);
        }
    }
}
