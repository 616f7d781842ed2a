/* AuthCheckFilter's exclude matching (Openfire's testURLPassesExclude rules) on each line. */
package presence.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

public class ExcludeRulesTest {
    @BeforeClass
    public static void install() {
        Directory.install(Directory.fromJson(DirectoryTest.SMALL));
    }

    @After
    public void defaultLine() {
        OpenfireLine.play(OpenfireLine.DEFAULT);
    }

    @Test
    public void exactExcludes() {
        for (OpenfireLine line : OpenfireLine.values()) {
            OpenfireLine.play(line);
            exactExcludesOnThisLine();
        }
        OpenfireLine.play(OpenfireLine.V4_5);
        assertTrue("4.5 does not decode", AdminAccess.passesExclude("presence/%zz", "presence/%zz"));
        OpenfireLine.play(OpenfireLine.V4_7);
        assertFalse("4.6.8+: an undecodable URL passes nothing", AdminAccess.passesExclude("presence/%zz", "presence/%zz"));
    }

    private static void exactExcludesOnThisLine() {
        assertTrue(AdminAccess.passesExclude("presence/status", "presence/status"));
        assertTrue(AdminAccess.passesExclude("presence/status?jid=a", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/status/x", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/statusx", "presence/status"));
        assertFalse(AdminAccess.passesExclude("x/presence/status", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/Status", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/status;jsessionid=1", "presence/status"));
        assertTrue(AdminAccess.passesExclude("a.jsp?x=1", "a.jsp?x=1"));
        assertFalse(AdminAccess.passesExclude("a.jsp?x=2", "a.jsp?x=1"));
    }

    @Test
    public void wildcardsAlwaysOn45() {
        OpenfireLine.play(OpenfireLine.V4_5);
        Directory.installed().setProperty(AdminAccess.WILDCARDS_PROPERTY, "false");
        assertTrue(AdminAccess.passesExclude("presence/anything", "presence/*"));
        assertFalse(AdminAccess.passesExclude("presence/../admin.jsp", "presence/*"));
        assertFalse(AdminAccess.passesExclude("presence/%2e%2e/admin.jsp", "presence/*"));
        assertFalse(AdminAccess.passesExclude("other/x", "presence/*"));
        Directory.installed().setProperty(AdminAccess.WILDCARDS_PROPERTY, null);
    }

    @Test
    public void wildcardsOnlyWhenAllowedFrom468() {
        OpenfireLine.play(OpenfireLine.V4_7);
        Directory.installed().setProperty(AdminAccess.WILDCARDS_PROPERTY, "false");
        assertFalse(AdminAccess.passesExclude("presence/anything", "presence/*"));
        assertTrue("without wildcards a '*' is literal", AdminAccess.passesExclude("presence/*", "presence/*"));
        Directory.installed().setProperty(AdminAccess.WILDCARDS_PROPERTY, "true");
        assertTrue(AdminAccess.passesExclude("presence/anything", "presence/*"));
        assertFalse(AdminAccess.passesExclude("presence/../admin.jsp", "presence/*"));
        assertFalse(AdminAccess.passesExclude("presence/%2e%2e/admin.jsp", "presence/*"));
        assertFalse(AdminAccess.passesExclude("other/x", "presence/*"));
        Directory.installed().setProperty(AdminAccess.WILDCARDS_PROPERTY, null);
    }

    @Test
    public void aRestartWipesTheExcludesOnlyOnThoseLines() {
        for (OpenfireLine line : OpenfireLine.values()) {
            OpenfireLine.play(line);
            AdminAccess.addExclude("test/y");
            HiddenConstructors.create(org.jivesoftware.admin.AuthCheckFilter.class).destroy();
            boolean wiped = line == OpenfireLine.V4_7 || line == OpenfireLine.V4_9 || line == OpenfireLine.V5_0;
            assertEquals(line.lineName(), !wiped, AdminAccess.isExcluded("test/y"));
            AdminAccess.removeExclude("test/y");
        }
    }

    @Test
    public void registeredExcludes() {
        assertFalse(AdminAccess.isExcluded("test/x"));
        AdminAccess.addExclude("test/x");
        assertTrue(AdminAccess.isExcluded("test/x"));
        AdminAccess.removeExclude("test/x");
        assertFalse(AdminAccess.isExcluded("test/x"));
    }
}
