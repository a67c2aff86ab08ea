package dev.sagebox.runtime.process;

import java.util.Locale;

/** {@code sagebox.process.sandbox}: whether host processes run inside bubblewrap. */
public enum SandboxMode {
    /** Use bwrap when {@code bwrap --version} works and a probe sandbox starts; otherwise run bare. */
    AUTO,
    /** Always use bwrap; jobs fail with the probe's reason when it does not work here. */
    BWRAP,
    /** Never use bwrap: paths are rewritten and the network is shared. */
    NONE;

    public static SandboxMode parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be auto, bwrap or none, not '" + value + "'");
        }
    }
}
