package org.jivesoftware.openfire.plugin.presence;

import presence.host.Directory;

/** The small in-memory Openfire directory the tests install into the host runtime. */
final class TestDirectory {
    static final String JSON = """
        {"domain": "example.com",
         "admin": {"username": "admin", "password": "secret"},
         "properties": {"plugin.presence.component.timeout": "600"},
         "users": [
           {"username": "alice",
            "sessions": [{"resource": "desk", "priority": 5, "show": "away", "status": "Lunch",
                          "extra": "<c xmlns='http://jabber.org/protocol/caps' node='n' ver='v' hash='sha-1'/>"}],
            "roster": [{"jid": "bob@example.com", "subscription": "both"},
                       {"jid": "carol@example.com", "subscription": "from"},
                       {"jid": "dave@example.com", "subscription": "to"},
                       {"jid": "erin@example.com", "subscription": "none"}]},
           {"username": "bob", "sessions": [{"resource": "phone", "priority": 1, "show": "chat"}]},
           {"username": "carol", "sessions": [{"resource": "laptop", "priority": 0}]},
           {"username": "dave", "sessions": [{"resource": "laptop", "priority": 2, "show": "xa", "status": "Far away"}]},
           {"username": "erin", "sessions": [{"resource": "laptop", "priority": -1, "show": "dnd"}]},
           {"username": "ghost", "sessions": [], "lastStatus": "Gone home"},
           {"username": "olga", "sessions": []}
         ],
         "components": [
           {"subdomain": "weather", "available": true, "status": "Sunny", "answers": true, "delayMillis": 0},
           {"subdomain": "closed", "available": false, "answers": true, "delayMillis": 0},
           {"subdomain": "silent", "available": true, "answers": false, "delayMillis": 0}
         ]}
        """;

    private TestDirectory() {
    }

    /** Installs a fresh copy (so property changes of one test do not leak into the next). */
    static void install() {
        Directory.install(Directory.fromJson(JSON));
    }
}
