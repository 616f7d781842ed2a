package org.jivesoftware.openfire.plugin.presence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.xmpp.component.ComponentManagerFactory;
import org.xmpp.packet.JID;
import presence.host.AdminAccess;
import presence.host.HostComponentManager;
import presence.host.SystemProperties;

/** PresencePlugin's life cycle against the host runtime: what init registers, destroy removes. */
public class PresencePluginTest {
    private final File pluginDirectory = new File(System.getProperty("presence.i18n")).getParentFile();

    @Before
    public void setUp() {
        TestDirectory.install();
        PluginState.publish(null);
    }

    @After
    public void tearDown() {
        PluginState.publish(null);
    }

    @Test
    public void initRegistersEverythingAndDestroyRemovesIt() throws Exception {
        PresencePlugin plugin = new PresencePlugin();
        plugin.initializePlugin(null, pluginDirectory);
        PluginState state = PluginState.current();
        assertNotNull("state published", state);
        assertEquals(pluginDirectory, state.pluginDirectory());
        assertTrue("native core: " + state.nativeStatus().reason(), state.nativeStatus().loaded());
        assertFalse("the temporary copy is gone", Files.exists(state.nativeStatus().temporaryCopy()));
        assertTrue(AdminAccess.excludes().contains("presence/status"));
        assertNotNull("component registered", state.probe());
        assertTrue(HostComponentManager.INSTANCE.registeredBy(getClass().getClassLoader()).contains("presence"));
        assertEquals("the registered component probes", "Sunny",
            state.probe().presenceOf(new JID("weather.example.com"), 2000).getStatus());

        plugin.destroyPlugin();
        assertNull("state withdrawn", PluginState.current());
        assertFalse(AdminAccess.excludes().contains("presence/status"));
        assertFalse(HostComponentManager.INSTANCE.registeredBy(getClass().getClassLoader()).contains("presence"));
        assertNull("the probe was shut down, its cache dropped",
            state.probe().presenceOf(new JID("weather.example.com"), 0));
    }

    @Test
    public void aTakenComponentAddressDoesNotStopThePlugin() throws Exception {
        ComponentPresenceProbe squatter = new ComponentPresenceProbe();
        ComponentManagerFactory.getComponentManager().addComponent(ComponentPresenceProbe.SUBDOMAIN, squatter);
        PresencePlugin plugin = new PresencePlugin();
        try {
            plugin.initializePlugin(null, pluginDirectory);
            PluginState state = PluginState.current();
            assertNotNull(state);
            assertNull("no probe without a registered component", state.probe());
            assertTrue(AdminAccess.excludes().contains("presence/status"));
            plugin.destroyPlugin();
            assertTrue("destroy leaves the other component alone",
                HostComponentManager.INSTANCE.registeredBy(getClass().getClassLoader()).contains("presence"));
        } finally {
            ComponentManagerFactory.getComponentManager().removeComponent(ComponentPresenceProbe.SUBDOMAIN);
        }
    }

    /** An admin-console restart that empties AuthCheckFilter's excludes (Openfire 4.6.8 to 5.0.5)
     *  loses the exclusion for at most about one refresh period; after destroyPlugin it stays gone. */
    @Test
    public void theExclusionComesBackAfterTheExcludesAreEmptied() throws Exception {
        PresencePlugin plugin = new PresencePlugin();
        plugin.initializePlugin(null, pluginDirectory);
        try {
            for (int round = 0; round < 2; round++) {
                AdminAccess.clearExcludes();
                long wiped = System.nanoTime();
                while (!AdminAccess.excludes().contains("presence/status")) {
                    assertTrue("not back within 3 refresh periods",
                            System.nanoTime() - wiped < 3 * PresencePlugin.EXCLUDE_REFRESH_MILLIS * 1_000_000);
                    Thread.sleep(10);
                }
            }
        } finally {
            plugin.destroyPlugin();
        }
        assertFalse(AdminAccess.excludes().contains("presence/status"));
        Thread.sleep(2 * PresencePlugin.EXCLUDE_REFRESH_MILLIS);
        assertFalse("no re-add after destroyPlugin", AdminAccess.excludes().contains("presence/status"));
        assertTrue("the refresher thread ended", Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("presence-exclude-refresh")));
    }

    /** The settings are registered as Openfire system properties under plugin.xml's name, with a
     *  description from presenceservice_i18n; destroyPlugin unregisters them, a second init works. */
    @Test
    public void theSettingsAreOpenfireSystemProperties() throws Exception {
        String pluginXml = Files.readString(java.nio.file.Path.of(System.getProperty("presence.root", ".")).resolve("plugin.xml"));
        assertTrue("plugin.xml's <name> is PresenceSettings.PLUGIN_NAME",
                pluginXml.contains("<name>" + PresenceSettings.PLUGIN_NAME + "</name>"));
        for (int load = 0; load < 2; load++) {
            PresencePlugin plugin = new PresencePlugin();
            plugin.initializePlugin(null, pluginDirectory);
            try {
                for (String key : new String[] {PresenceSettings.PUBLIC, PresenceSettings.UNAVAILABLE_STATUS, PresenceSettings.COMPONENT_TIMEOUT,
                        PresenceSettings.THEME, PresenceSettings.CACHE_MAX_AGE, PresenceSettings.CORS_ORIGINS}) {
                    SystemProperties.Registered property = SystemProperties.registered(key);
                    assertNotNull(key + " registered", property);
                    assertEquals(PresenceSettings.PLUGIN_NAME, property.plugin());
                    assertTrue(key + " dynamic", property.dynamic());
                    assertNotNull(key + " described in presenceservice_i18n", property.description());
                }
                assertEquals(Boolean.class, SystemProperties.registered(PresenceSettings.PUBLIC).type());
                assertEquals("false", SystemProperties.registered(PresenceSettings.PUBLIC).defaultValue());
                assertEquals("2000", SystemProperties.registered(PresenceSettings.COMPONENT_TIMEOUT).defaultValue());
                assertEquals("classic", SystemProperties.registered(PresenceSettings.THEME).defaultValue());
                assertEquals(Long.class, SystemProperties.registered(PresenceSettings.CACHE_MAX_AGE).type());
                assertEquals("0", SystemProperties.registered(PresenceSettings.CACHE_MAX_AGE).defaultValue());
                assertEquals(String.class, SystemProperties.registered(PresenceSettings.CORS_ORIGINS).type());
                assertEquals("", SystemProperties.registered(PresenceSettings.CORS_ORIGINS).defaultValue());
            } finally {
                plugin.destroyPlugin();
            }
            assertNull(SystemProperties.registered(PresenceSettings.PUBLIC));
        }
    }

    @Test
    public void destroyWithoutInitIsHarmless() {
        new PresencePlugin().destroyPlugin();
        assertNull(PluginState.current());
    }
}
