/* Plugin host runtime: Openfire's vCard manager over the installed directory. */
package org.jivesoftware.openfire.vcard;

import java.util.Locale;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import presence.host.Directory;

public class VCardManager {
    private static final VCardManager INSTANCE = new VCardManager();

    private VCardManager() {
    }

    public static VCardManager getInstance() {
        return INSTANCE;
    }

    /**
     * As Openfire: the user's vCard (a copy), or null when the user has none. Here a user has one
     * exactly when the directory gives them an avatar: {@code <vCard xmlns="vcard-temp"><PHOTO>
     * <TYPE>avatarType</TYPE><BINVAL>avatar</BINVAL></PHOTO></vCard>}, the texts as the file has them.
     */
    public Element getVCard(String username) {
        if (username == null) {
            return null;
        }
        Directory.Avatar avatar = Directory.installed().avatar(username.trim().toLowerCase(Locale.ROOT));
        if (avatar == null) {
            return null;
        }
        Element vcard = DocumentHelper.createElement(QName.get("vCard", "vcard-temp"));
        Element photo = vcard.addElement("PHOTO");
        if (avatar.type() != null) {
            photo.addElement("TYPE").setText(avatar.type());
        }
        photo.addElement("BINVAL").setText(avatar.base64());
        return vcard;
    }
}
