package dev.sagebox.runtime.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The uid and gid the server runs as: containers run as this user by default, and files a container left under a
 * writable mount are given back to it.
 */
record HostUser(int uid, int gid) {
    /** Read from the owner of {@code /proc/self}, which is the process's effective uid and gid. */
    static HostUser current() {
        try {
            Path self = Path.of("/proc/self");
            return new HostUser((Integer) Files.getAttribute(self, "unix:uid"),
                    (Integer) Files.getAttribute(self, "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            return new HostUser(0, 0);
        }
    }

    /** {@code uid:gid}, as Docker's {@code --user} takes it. */
    String spec() {
        return uid + ":" + gid;
    }
}
