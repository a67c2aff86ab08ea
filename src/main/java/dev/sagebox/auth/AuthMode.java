package dev.sagebox.auth;

import java.util.Locale;

/** The value of {@code sagebox.auth}: whether SigV4 signatures are checked (CONTRACTS.md §12). */
public enum AuthMode {
    /** Accept any request; the credential scope is still parsed for the region. */
    OFF,
    /** Check every signature against the key pairs in {@code $SAGEBOX_HOME/credentials}. */
    VERIFY;

    /** Parses {@code off} or {@code verify}, ignoring case; anything else stops the start-up with a clear message. */
    public static AuthMode parse(String value) {
        String mode = value == null ? "off" : value.trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "", "off" -> OFF;
            case "verify" -> VERIFY;
            default -> throw new AuthConfigurationException(
                    "sagebox.auth must be 'off' or 'verify', not '" + value + "'");
        };
    }

    public boolean isVerifying() {
        return this == VERIFY;
    }
}
