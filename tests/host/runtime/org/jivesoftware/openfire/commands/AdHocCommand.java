/* Plugin host runtime: Openfire's XEP-0050 command base class. The members presence.jar may use
 * are public/protected as in Openfire; the stage and action bookkeeping Openfire's manager uses is
 * package-private here (AdHocCommandHandler runs it), with Openfire's behaviour. */
package org.jivesoftware.openfire.commands;

import java.util.List;
import org.dom4j.Element;
import org.xmpp.packet.JID;

public abstract class AdHocCommand {
    public AdHocCommand() {
    }

    /** As Openfire: only administrators (the host has none over XMPP: always false). */
    public boolean hasPermission(JID requester) {
        return false;
    }

    public abstract String getCode();

    public abstract String getDefaultLabel();

    public abstract int getMaxStages(SessionData data);

    public abstract void execute(SessionData data, Element command);

    protected abstract void addStageInformation(SessionData data, Element command);

    protected abstract List<Action> getActions(SessionData data);

    protected abstract Action getExecuteAction(SessionData data);

    /** As Openfire's addNextStageInformation: next stage, its form, its actions. */
    void nextStage(SessionData data, Element command) {
        data.setStage(data.getStage() + 1);
        addStageInformation(data, command);
        stageActions(data, command);
    }

    /** As Openfire's addPreviousStageInformation. */
    void previousStage(SessionData data, Element command) {
        data.setStage(data.getStage() - 1);
        addStageInformation(data, command);
        stageActions(data, command);
    }

    /** As Openfire's addStageActions: <actions execute='DEFAULT'><ACTION/>...</actions>, remembered. */
    void stageActions(SessionData data, Element command) {
        Element actions = command.addElement("actions");
        List<Action> valid = getActions(data);
        for (Action action : valid) {
            actions.addElement(action.name());
        }
        Action execute = getExecuteAction(data);
        actions.addAttribute("execute", execute.name());
        data.setAllowedActions(valid);
        data.setExecuteAction(execute);
    }

    public enum Action { execute, cancel, prev, next, complete }
}
