package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPairsTest {

    @Test
    void issue_verifying_givesFreshTemporaryPairUntilRevoked() {
        KeyPairs keyPairs = KeyPairs.of(List.of(new KeyPair("AKIDEXAMPLE", "file-secret")));

        KeyPair first = keyPairs.issue();
        KeyPair second = keyPairs.issue();

        assertThat(first.accessKeyId()).startsWith("ASIA").hasSize(20).isNotEqualTo(second.accessKeyId());
        assertThat(first.secretAccessKey()).hasSize(40).isNotEqualTo(second.secretAccessKey());
        assertThat(keyPairs.secretFor(first.accessKeyId())).isEqualTo(first.secretAccessKey());
        assertThat(keyPairs.temporaryCount()).isEqualTo(2);

        keyPairs.revoke(first.accessKeyId());

        assertThat(keyPairs.secretFor(first.accessKeyId())).isNull();
        assertThat(keyPairs.secretFor(second.accessKeyId())).isEqualTo(second.secretAccessKey());
    }

    @Test
    void revoke_keyOfTheFile_leavesItValid() {
        KeyPairs keyPairs = KeyPairs.of(List.of(new KeyPair("AKIDEXAMPLE", "file-secret")));

        keyPairs.revoke("AKIDEXAMPLE");

        assertThat(keyPairs.secretFor("AKIDEXAMPLE")).isEqualTo("file-secret");
    }

    @Test
    void issue_authOff_givesTheFixedWorkloadPair() {
        KeyPairs keyPairs = KeyPairs.unverified();

        assertThat(keyPairs.issue()).isEqualTo(KeyPair.UNVERIFIED);
        assertThat(keyPairs.isVerifying()).isFalse();
        assertThat(keyPairs.temporaryCount()).isZero();
    }

    @Test
    void keyPair_toString_hidesTheSecret() {
        assertThat(new KeyPair("AKID", "very-secret").toString()).doesNotContain("very-secret").contains("AKID");
    }
}
