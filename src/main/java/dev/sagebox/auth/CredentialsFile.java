package dev.sagebox.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code $SAGEBOX_HOME/credentials}, in the AWS shared-credentials format, after checking that only its owner
 * may read it: a secret another local user can read would let them sign as anyone. Like botocore's parser, it
 * strips no inline comments, so a value is everything after the first {@code =}, trimmed.
 */
final class CredentialsFile {
    static final String FILE_NAME = "credentials";
    private static final String ACCESS_KEY_ID = "aws_access_key_id";
    private static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
    private static final Set<PosixFilePermission> FOREIGN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private CredentialsFile() {
    }

    /** The secrets by access key id, read from a file that must exist and be private to its owner. */
    static Map<String, String> read(Path file) {
        requirePrivate(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AuthConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> secrets = parse(file.toString(), lines);
        if (secrets.isEmpty()) {
            throw new AuthConfigurationException(file + " holds no key pairs: add a section with "
                    + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
        }
        return secrets;
    }

    /** Refuses a missing file, or one whose mode grants anything to group or others. */
    static void requirePrivate(Path file) {
        if (!Files.exists(file)) {
            throw new AuthConfigurationException("sagebox.auth is 'verify' but " + file + " does not exist; create it"
                    + " in the AWS shared-credentials format ([default] with " + ACCESS_KEY_ID + " and "
                    + SECRET_ACCESS_KEY + ") and chmod 600 it");
        }
        if (!Files.isRegularFile(file)) {
            throw new AuthConfigurationException(file + " is not a regular file");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes on this file system: nothing to check
        } catch (IOException e) {
            throw new AuthConfigurationException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
        if (permissions.stream().anyMatch(FOREIGN::contains)) {
            throw new AuthConfigurationException(file + " is accessible by other users (mode "
                    + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
        }
    }

    /** Parses INI text into secrets by access key id; {@code source} names the file in error messages. */
    static Map<String, String> parse(String source, List<String> lines) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Section section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = source + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new AuthConfigurationException(where + ": malformed section header " + line);
                }
                addSection(source, section, secrets);
                section = new Section(line.substring(1, line.length() - 1).strip());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new AuthConfigurationException(where + ": expected 'name = value'");
            }
            if (section == null) {
                throw new AuthConfigurationException(where + ": setting outside of any [section]");
            }
            String name = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            switch (name) {
                case ACCESS_KEY_ID -> section.accessKeyId = value;
                case SECRET_ACCESS_KEY -> section.secretAccessKey = value;
                default -> {
                    // aws_session_token, region and the like are not ours to use
                }
            }
        }
        addSection(source, section, secrets);
        return secrets;
    }

    private static void addSection(String source, Section section, Map<String, String> secrets) {
        if (section == null || (isBlank(section.accessKeyId) && isBlank(section.secretAccessKey))) {
            return;
        }
        if (isBlank(section.accessKeyId) || isBlank(section.secretAccessKey)) {
            throw new AuthConfigurationException(source + ": section [" + section.name + "] needs both "
                    + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
        }
        String previous = secrets.putIfAbsent(section.accessKeyId, section.secretAccessKey);
        if (previous != null && !previous.equals(section.secretAccessKey)) {
            throw new AuthConfigurationException(source + ": access key id " + section.accessKeyId
                    + " appears twice with different secrets");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }

    /** One {@code [name]} block while it is being read. */
    private static final class Section {
        final String name;
        String accessKeyId;
        String secretAccessKey;

        Section(String name) {
            this.name = name;
        }
    }
}
