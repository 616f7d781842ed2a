/* Compile-time mirror of Openfire 4.5.0 (see ../../../../SIGNATURES.md): signatures only, never packaged. */
package org.jivesoftware.openfire.commands;

import java.util.List;
import org.dom4j.Element;
import org.xmpp.packet.JID;

public abstract class AdHocCommand {
    public AdHocCommand() {
    }

    public boolean hasPermission(JID requester) {
        throw new UnsupportedOperationException("compile-time mirror of Openfire");
    }

    public abstract String getCode();

    public abstract String getDefaultLabel();

    public abstract int getMaxStages(SessionData data);

    public abstract void execute(SessionData data, Element command);

    protected abstract void addStageInformation(SessionData data, Element command);

    protected abstract List<Action> getActions(SessionData data);

    protected abstract Action getExecuteAction(SessionData data);

    public enum Action { execute, cancel, prev, next, complete }
}
