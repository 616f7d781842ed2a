/* Openfire's PluginMonitor for one jar: polls it every pollMillis; when its time stamp, size or
 * file changes and it stays the same for a short settle time and is a complete plugin jar, the
 * old plugin is unloaded and the new one loaded, under the swap lock's write side (requests
 * hold the read side, see SwapGate). A deleted jar unloads the plugin. */
package presence.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;

final class PluginMonitor implements Runnable {
    private static final long SETTLE_MILLIS = 250;

    /** What identifies one version of the jar file. */
    private record Stamp(long modifiedNanos, long size, Object fileKey) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        attributes.size(), attributes.fileKey());
            } catch (IOException missing) {
                return null;
            }
        }
    }

    private final Path sourceJar;
    private final String name;
    private final Path installedJar;
    private final PluginLoader loader;
    private final ReadWriteLock swapLock;
    private final long pollMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private Stamp seen;
    private PluginLoader.Loaded current;

    PluginMonitor(Path sourceJar, String name, Path home, PluginLoader loader, ReadWriteLock swapLock, long pollMillis) {
        this.sourceJar = sourceJar;
        this.name = name;
        this.installedJar = home.resolve("plugins").resolve(name + ".jar");
        this.loader = loader;
        this.swapLock = swapLock;
        this.pollMillis = pollMillis;
        this.thread = new Thread(this, "presence-host-plugin-monitor");
        this.thread.setDaemon(true);
    }

    /** Loads the jar once now (if present), then starts watching it. */
    void start() {
        Stamp stamp = Stamp.of(sourceJar);
        if (stamp == null) {
            HostLog.line("plugin jar " + sourceJar + " not found; it is loaded when it appears");
        } else if (install(stamp)) {
            seen = stamp;
        }
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(pollMillis);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                HostLog.line("plugin monitor: " + HostLog.describe(e));
            }
        }
    }

    private void check() throws InterruptedException, IOException {
        Stamp now = Stamp.of(sourceJar);
        if (Objects.equals(now, seen)) {
            return;
        }
        if (now == null) {
            seen = null;
            HostLog.line("plugin jar " + sourceJar + " was removed");
            swap(null);
            return;
        }
        Thread.sleep(SETTLE_MILLIS);
        if (now.equals(Stamp.of(sourceJar)) && install(now)) {
            seen = now;
        }
    }

    /**
     * Copies the jar into <home>/plugins/ and swaps it in when it is a complete plugin jar.
     * False when the jar changed while being copied (try again at the next poll).
     */
    private boolean install(Stamp stamp) {
        Path copy = installedJar.resolveSibling(name + ".jar.incoming");
        try {
            Files.createDirectories(installedJar.getParent());
            Files.copy(sourceJar, copy, StandardCopyOption.REPLACE_EXISTING);
            if (!stamp.equals(Stamp.of(sourceJar))) {
                Files.deleteIfExists(copy);
                return false;
            }
            if (!PluginLoader.isCompletePluginJar(copy)) {
                HostLog.line("plugin jar " + sourceJar + " is not a complete plugin jar (no plugin.xml or not a zip); not loaded");
                Files.deleteIfExists(copy);
                return true;
            }
            swap(copy);
        } catch (IOException e) {
            HostLog.line("plugin jar " + sourceJar + " could not be installed: " + e.getMessage());
        }
        return true;
    }

    /** Under the write lock: unloads the current plugin, then loads incoming (unless null). */
    private void swap(Path incoming) throws IOException {
        swapLock.writeLock().lock();
        try {
            if (current != null) {
                loader.unload(current);
                current = null;
            }
            if (incoming != null) {
                Files.move(incoming, installedJar, StandardCopyOption.REPLACE_EXISTING);
                current = loader.load(name, installedJar);
            }
        } finally {
            swapLock.writeLock().unlock();
        }
    }

    /** The plugin loaded now, or null (for the host's tests). */
    PluginLoader.Loaded current() {
        swapLock.readLock().lock();
        try {
            return current;
        } finally {
            swapLock.readLock().unlock();
        }
    }

    /** Stops watching and unloads the plugin (destroyPlugin), waiting for running requests. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
            swap(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            HostLog.line("plugin monitor: " + e.getMessage());
        }
    }
}
