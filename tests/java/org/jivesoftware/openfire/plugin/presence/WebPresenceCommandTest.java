package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.user.User;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.xmpp.packet.JID;
import presence.host.AdHocCommands;

/** WebPresenceCommand registered with the host runtime's AdHocCommandHandler (Openfire's flow). */
public class WebPresenceCommandTest {
    private static final String COMMANDS = "http://jabber.org/protocol/commands";
    private WebPresenceCommand command;

    @Before
    public void register() {
        TestDirectory.install();
        command = new WebPresenceCommand(null);
        XMPPServer.getInstance().getAdHocCommandHandler().addCommand(command);
    }

    @After
    public void remove() {
        XMPPServer.getInstance().getAdHocCommandHandler().removeCommand(command);
    }

    private static String iq(String from, String attributes, String inner) {
        return AdHocCommands.process(from, "<iq type='set' id='t'><command xmlns='" + COMMANDS + "' node='"
                + WebPresenceCommand.NODE + "' " + attributes + ">" + inner + "</command></iq>");
    }

    private static String sessionOf(String answer) {
        Matcher m = Pattern.compile("sessionid=\"([^\"]+)\"").matcher(answer);
        assertTrue(answer, m.find());
        return m.group(1);
    }

    private static String complete(String from, String visibility, String shown, String newlink) {
        String session = sessionOf(iq(from, "action='execute'", ""));
        return iq(from, "sessionid='" + session + "' action='complete'", "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='visibility'><value>" + visibility + "</value></field>"
                + "<field var='shown'><value>" + shown + "</value></field>"
                + "<field var='newlink'><value>" + newlink + "</value></field></x>");
    }

    private static User user(String name) throws Exception {
        return XMPPServer.getInstance().getUserManager().getUser(name);
    }

    @Test
    public void onlyLocalUsersMayRunIt() {
        assertTrue(command.hasPermission(new JID("alice@example.com/web")));
        assertFalse(command.hasPermission(new JID("alice@other.example/web")));
        assertFalse(command.hasPermission(new JID("example.com")));
        assertFalse(command.hasPermission(new JID("nobody@example.com")));
        assertFalse(command.hasPermission(null));
        assertTrue(iq("mallory@other.example/x", "action='execute'", "").contains("<forbidden"));
    }

    @Test
    public void theFormCarriesTheCurrentChoices() throws Exception {
        UserWebPresence.save(user("alice"), UserWebPresence.Visibility.LINK, UserWebPresence.Shown.STATUS);
        String form = iq("alice@example.com/web", "action='execute'", "");
        assertTrue(form, form.contains("status=\"executing\""));
        assertTrue(form, form.matches("(?s).*<field var=\"visibility\" type=\"list-single\"[^>]*><required/><value>link</value>.*"));
        assertTrue(form, form.matches("(?s).*<field var=\"shown\" type=\"list-single\"[^>]*><required/><value>status</value>.*"));
        assertTrue(form, form.contains("<actions execute=\"complete\"><complete/></actions>"));
    }

    @Test
    public void completingSavesTheRequestersOwnChoicesAndAnswersTheLink() throws Exception {
        String answer = complete("bob@example.com/phone", "hidden", "status", "0");
        assertTrue(answer, answer.contains("status=\"completed\"") && answer.contains("<note type=\"info\">"));
        assertEquals(UserWebPresence.Visibility.HIDDEN, UserWebPresence.visibility(user("bob")));
        assertEquals(UserWebPresence.Shown.STATUS, UserWebPresence.shown(user("bob")));
        assertEquals(UserWebPresence.Visibility.DEFAULT, UserWebPresence.visibility(user("alice")));
        String link = PresenceSettings.linkUrl(UserWebPresence.link(user("bob")));
        assertEquals("http://127.0.0.1:9090/plugins/presence/status?id=" + UserWebPresence.link(user("bob")), link);
        assertTrue(answer, answer.contains("<value>" + link + "</value>"));
        String rotated = complete("bob@example.com/phone", "link", "message", "true");
        assertFalse(rotated, rotated.contains(link));
        assertTrue(rotated, rotated.contains("<value>" + PresenceSettings.linkUrl(UserWebPresence.link(user("bob"))) + "</value>"));
    }

    @Test
    public void valuesNotOfferedSaveNothing() throws Exception {
        for (String[] bad : new String[][] {{"everyone", "status", "0"}, {"public", "STATUS", "0"}, {"public", "status", "2"},
                {"public", "", "0"}, {"publicpublicpublicpublic", "status", "0"}}) {
            String answer = complete("alice@example.com/web", bad[0], bad[1], bad[2]);
            assertTrue(answer, answer.contains("<note type=\"error\">"));
            assertFalse(answer, answer.contains("jabber:x:data"));
            assertEquals(UserWebPresence.Visibility.DEFAULT, UserWebPresence.visibility(user("alice")));
            assertNull(user("alice").getProperties().get(UserWebPresence.LINK_PROPERTY));
        }
    }

    @Test
    public void theSavedStatusAddressIsUsedWhenValid() {
        PresenceSettings.saveStatusUrl("https://chat.example.com/plugins/presence/status");
        assertEquals("https://chat.example.com/plugins/presence/status?id=T", PresenceSettings.linkUrl("T"));
        PresenceSettings.saveStatusUrl("javascript:alert(1)//plugins/presence/status");
        PresenceSettings.saveStatusUrl("https://evil.example/\"<x>/plugins/presence/status");
        assertEquals("https://chat.example.com/plugins/presence/status", PresenceSettings.statusUrl());
    }
}
