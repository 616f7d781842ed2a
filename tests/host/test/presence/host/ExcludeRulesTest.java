/* AuthCheckFilter's exclude matching (Openfire's testURLPassesExclude rules). */
package presence.host;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.BeforeClass;
import org.junit.Test;

public class ExcludeRulesTest {
    @BeforeClass
    public static void install() {
        Directory.install(Directory.fromJson(DirectoryTest.SMALL));
    }

    @Test
    public void exactExcludes() {
        assertTrue(AdminAccess.passesExclude("presence/status", "presence/status"));
        assertTrue(AdminAccess.passesExclude("presence/status?jid=a", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/status/x", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/statusx", "presence/status"));
        assertFalse(AdminAccess.passesExclude("x/presence/status", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/Status", "presence/status"));
        assertFalse(AdminAccess.passesExclude("presence/status;jsessionid=1", "presence/status"));
        assertTrue(AdminAccess.passesExclude("a.jsp?x=1", "a.jsp?x=1"));
        assertFalse(AdminAccess.passesExclude("a.jsp?x=2", "a.jsp?x=1"));
        assertFalse(AdminAccess.passesExclude("presence/%zz", "presence/%zz"));
    }

    @Test
    public void wildcardsOnlyWhenAllowed() {
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
    public void registeredExcludes() {
        assertFalse(AdminAccess.isExcluded("test/x"));
        AdminAccess.addExclude("test/x");
        assertTrue(AdminAccess.isExcluded("test/x"));
        AdminAccess.removeExclude("test/x");
        assertFalse(AdminAccess.isExcluded("test/x"));
    }
}
