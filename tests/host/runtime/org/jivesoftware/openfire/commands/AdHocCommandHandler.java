/* Plugin host runtime: Openfire's XEP-0050 handler with the behaviour of its AdHocCommandManager
 * (4.5.0 to main): commands by node (a second addCommand of a node replaces the first,
 * removeCommand removes the node's command); a new execution checks hasPermission, then answers
 * execute() at once (getMaxStages 0) or opens a session (at most 100 per full JID, random id) with
 * the first stage's form and actions; a session's next IQ: unknown id → bad-request, older than
 * 10 minutes → not-allowed, cancel → the session ends (answered canceled only when cancel was
 * among the offered actions, else bad-request, as Openfire's fall-through does), no action or
 * execute → the default action, an action not offered → bad-request, prev/next/complete as
 * Openfire (complete: the submitted jabber:x:data fields are stored for the stage, execute(), the
 * session ends). Like Openfire, the owner of a session is not compared with the sender of its
 * later IQs. The host reaches it through presence.host.AdHocCommands; only addCommand and
 * removeCommand are public, as presence.jar may use them. */
package org.jivesoftware.openfire.commands;

import java.io.StringReader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.xmpp.packet.JID;
import presence.host.AdHocCommands;
import presence.host.Directory;

public class AdHocCommandHandler {
    static final String NAMESPACE = "http://jabber.org/protocol/commands";
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    static final int SESSION_LIMIT = 100;
    static final String EXECUTING = "executing";
    static final String COMPLETED = "completed";
    static final String CANCELED = "canceled";
    static final long SESSION_TIMEOUT_MILLIS = 10 * 60 * 1000;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, AdHocCommand> commands = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Map<String, SessionData> sessions = new ConcurrentHashMap<>();

    private AdHocCommandHandler() {
        AdHocCommands.install(this::process, this::items);
    }

    /** Adds command under its node (replacing one of the same node). */
    public void addCommand(AdHocCommand command) {
        commands.put(command.getCode(), command);
    }

    /** Removes the command of command's node. */
    public void removeCommand(AdHocCommand command) {
        commands.remove(command.getCode());
    }

    private List<String> items(String from) {
        JID sender = new JID(from);
        TreeMap<String, String> visible = new TreeMap<>();
        commands.forEach((node, command) -> {
            if (command.hasPermission(sender)) {
                visible.put(node, command.getDefaultLabel());
            }
        });
        List<String> items = new ArrayList<>();
        visible.forEach((node, label) -> items.add(node + " " + label));
        return items;
    }

    /** The answer to one IQ (see the class comment); a body that is no <iq> with a <command> → bad-request. */
    private String process(String from, String iqXml) {
        Element iq;
        try {
            SAXReader reader = new SAXReader();
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = reader.read(new StringReader(iqXml));
            iq = document.getRootElement();
        } catch (DocumentException | org.xml.sax.SAXException e) {
            return error(null, null, from, "bad-request", "modify").asXML();
        }
        Element command = iq.element(QName.get("command", NAMESPACE));
        if (!"iq".equals(iq.getName()) || command == null) {
            return error(iq, null, from, "bad-request", "modify").asXML();
        }
        if (!"set".equals(iq.attributeValue("type"))) {
            return error(iq, command, from, "bad-request", "modify").asXML();
        }
        JID sender = new JID(from);
        Element reply = result(iq, from);
        String sessionId = command.attributeValue("sessionid");
        String node = command.attributeValue("node");
        AdHocCommand adHoc = node == null ? null : commands.get(node);
        if (sessionId == null) {
            if (adHoc == null) {
                return error(iq, command, from, "item-not-found", "cancel").asXML();
            }
            if (!adHoc.hasPermission(sender)) {
                return error(iq, command, from, "forbidden", "auth").asXML();
            }
            sessionId = randomId();
            Element child = reply.addElement(QName.get("command", NAMESPACE));
            if (adHoc.getMaxStages(null) == 0) {
                adHoc.execute(null, child);
                status(child, sessionId, node, COMPLETED);
                return reply.asXML();
            }
            AtomicInteger counter = counters.computeIfAbsent(from, key -> new AtomicInteger());
            if (counter.incrementAndGet() > SESSION_LIMIT) {
                counter.decrementAndGet();
                return error(iq, command, from, "not-allowed", "cancel").asXML();
            }
            SessionData session = new SessionData(sessionId, sender);
            sessions.put(sessionId, session);
            status(child, sessionId, node, EXECUTING);
            adHoc.nextStage(session, child);
            return reply.asXML();
        }
        SessionData session = sessions.get(sessionId);
        if (session == null) {
            return error(iq, command, from, "bad-request", "modify").asXML();
        }
        if (System.currentTimeMillis() - session.created() > SESSION_TIMEOUT_MILLIS) {
            end(sessionId, from);
            return error(iq, command, from, "not-allowed", "cancel").asXML();
        }
        synchronized (session) {
            String action = command.attributeValue("action");
            if (AdHocCommand.Action.cancel.name().equals(action)) {
                end(sessionId, from);
                status(reply.addElement(QName.get("command", NAMESPACE)), sessionId, node, CANCELED);
            }
            if (action == null || AdHocCommand.Action.execute.name().equals(action)) {
                action = session.executeAction().name();
            }
            if (!session.isValidAction(action)) {
                return error(iq, command, from, "bad-request", "modify").asXML();
            }
            if (adHoc == null) {  // the command was removed meanwhile (Openfire would fail here)
                end(sessionId, from);
                return error(iq, command, from, "item-not-found", "cancel").asXML();
            }
            if (AdHocCommand.Action.prev.name().equals(action)) {
                Element child = reply.addElement(QName.get("command", NAMESPACE));
                status(child, sessionId, node, EXECUTING);
                adHoc.previousStage(session, child);
            } else if (AdHocCommand.Action.next.name().equals(action)) {
                saveForm(command, session);
                Element child = reply.addElement(QName.get("command", NAMESPACE));
                status(child, sessionId, node, EXECUTING);
                adHoc.nextStage(session, child);
            } else if (AdHocCommand.Action.complete.name().equals(action)) {
                saveForm(command, session);
                Element child = reply.addElement(QName.get("command", NAMESPACE));
                adHoc.execute(session, child);
                status(child, sessionId, node, COMPLETED);
                end(sessionId, from);
            }
        }
        return reply.asXML();
    }

    /** As Openfire: the <x xmlns='jabber:x:data'/> of command, each field's var → its values. */
    private static void saveForm(Element command, SessionData session) {
        Element form = command.element(QName.get("x", "jabber:x:data"));
        if (form == null) {
            return;
        }
        Map<String, List<String>> data = new java.util.HashMap<>();
        for (Element field : form.elements(QName.get("field", "jabber:x:data"))) {
            List<String> values = new ArrayList<>();
            for (Element value : field.elements(QName.get("value", "jabber:x:data"))) {
                values.add(value.getTextTrim());
            }
            data.put(field.attributeValue("var"), values);
        }
        session.addStageForm(data);
    }

    private void end(String sessionId, String from) {
        sessions.remove(sessionId);
        AtomicInteger counter = counters.get(from);
        if (counter != null && counter.decrementAndGet() <= 0) {
            counters.remove(from);
        }
    }

    private static void status(Element child, String sessionId, String node, String status) {
        child.addAttribute("sessionid", sessionId);
        child.addAttribute("node", node);
        child.addAttribute("status", status);
    }

    private static Element result(Element iq, String from) {
        Element reply = DocumentHelper.createElement("iq");
        reply.addAttribute("type", "result");
        if (iq != null && iq.attributeValue("id") != null) {
            reply.addAttribute("id", iq.attributeValue("id"));
        }
        reply.addAttribute("from", Directory.installed().domain());
        reply.addAttribute("to", from);
        return reply;
    }

    /** As Openfire's error reply: a copy of the command, then <error type=TYPE><CONDITION/></error>. */
    private static Element error(Element iq, Element command, String from, String condition, String type) {
        Element reply = result(iq, from);
        reply.addAttribute("type", "error");
        if (command != null) {
            reply.add(command.createCopy());
        }
        reply.addElement("error").addAttribute("type", type).addElement(QName.get(condition, STANZAS));
        return reply;
    }

    private static String randomId() {
        StringBuilder id = new StringBuilder(15);
        for (int i = 0; i < 15; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
