package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path home;

    @Test
    void parse_sharedCredentialsFormat_readsEverySectionWithBothKeys() {
        Map<String, String> secrets = CredentialsFile.parse("credentials", List.of(
                "# local keys",
                "[default]",
                "aws_access_key_id = AKIDEXAMPLE",
                "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY ",
                "",
                "; another",
                "[profile ci]",
                "AWS_ACCESS_KEY_ID=ci",
                "aws_secret_access_key = s3cr3t=with=equals",
                "aws_session_token = ignored",
                "[region-only]",
                "region = eu-west-1"));

        assertThat(secrets).containsExactly(
                Map.entry("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                Map.entry("ci", "s3cr3t=with=equals"));
    }

    @Test
    void parse_sectionWithKeyIdButNoSecret_isRefused() {
        assertThatThrownBy(() -> CredentialsFile.parse("f", List.of("[a]", "aws_access_key_id=x")))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessage("f: section [a] needs both aws_access_key_id and aws_secret_access_key");
    }

    @Test
    void parse_settingOutsideSection_isRefusedWithLineNumber() {
        assertThatThrownBy(() -> CredentialsFile.parse("f", List.of("", "aws_access_key_id=x")))
                .hasMessage("f line 2: setting outside of any [section]");
    }

    @Test
    void parse_sameKeyIdWithTwoSecrets_isRefused() {
        assertThatThrownBy(() -> CredentialsFile.parse("f", List.of(
                "[a]", "aws_access_key_id=x", "aws_secret_access_key=1",
                "[b]", "aws_access_key_id=x", "aws_secret_access_key=2")))
                .hasMessageContaining("access key id x appears twice");
    }

    @Test
    void read_ownerOnlyFile_isAccepted() throws IOException {
        Path file = write("rw-------");

        assertThat(CredentialsFile.read(file)).containsExactly(Map.entry("AKID", "secret"));
    }

    @Test
    void read_groupOrOtherBits_areRefusedWithChmodHint() throws IOException {
        for (String mode : List.of("rw-r-----", "rw----r--", "rw-----w-", "rw------x")) {
            Path file = write(mode);

            assertThatThrownBy(() -> CredentialsFile.read(file))
                    .isInstanceOf(AuthConfigurationException.class)
                    .hasMessage(file + " is accessible by other users (mode " + mode + "); run: chmod 600 " + file);
        }
    }

    @Test
    void read_missingFile_isRefusedWithHowToCreateIt() {
        Path file = home.resolve("credentials");

        assertThatThrownBy(() -> CredentialsFile.read(file))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessageStartingWith("sagebox.auth is 'verify' but " + file + " does not exist")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void read_fileWithoutKeyPairs_isRefused() throws IOException {
        Path file = home.resolve("credentials");
        Files.writeString(file, "[default]\nregion=us-east-1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageContaining("holds no key pairs");
    }

    private Path write(String mode) throws IOException {
        Path file = home.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id=AKID\naws_secret_access_key=secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
