/* Plugin host runtime: Openfire's XEP-0050 session of one command execution (stage, the forms
 * submitted per stage, the actions offered). Public: what presence.jar may use. */
package org.jivesoftware.openfire.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xmpp.packet.JID;

public class SessionData {
    private final String id;
    private final JID owner;
    private final long created = System.currentTimeMillis();
    private final Map<Integer, Map<String, List<String>>> stagesData = new HashMap<>();
    private AdHocCommand.Action executeAction;
    private List<AdHocCommand.Action> allowedActions = new ArrayList<>();
    private int stage = -1;

    SessionData(String id, JID owner) {
        this.id = id;
        this.owner = owner;
    }

    /** The full JID that started the execution. */
    public JID getOwner() {
        return owner;
    }

    /** As Openfire: every stage's submitted fields merged into one new map (variable → values). */
    public Map<String, List<String>> getData() {
        Map<String, List<String>> data = new HashMap<>();
        for (Map<String, List<String>> stageData : stagesData.values()) {
            data.putAll(stageData);
        }
        return data;
    }

    String id() {
        return id;
    }

    long created() {
        return created;
    }

    int getStage() {
        return stage;
    }

    void setStage(int stage) {
        this.stage = stage;
    }

    void addStageForm(Map<String, List<String>> data) {
        stagesData.put(stage, data);
    }

    AdHocCommand.Action executeAction() {
        return executeAction;
    }

    void setExecuteAction(AdHocCommand.Action action) {
        executeAction = action;
    }

    void setAllowedActions(List<AdHocCommand.Action> actions) {
        allowedActions = actions == null ? new ArrayList<>() : actions;
    }

    boolean isValidAction(String name) {
        for (AdHocCommand.Action action : allowedActions) {
            if (action.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
