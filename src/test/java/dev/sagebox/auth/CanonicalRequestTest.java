package dev.sagebox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    @Test
    void canonicalUri_nonS3_encodesRawPathAgainKeepingSlashes() {
        assertThat(CanonicalRequest.canonicalUri("/endpoints/my%20ep/invocations", true))
                .isEqualTo("/endpoints/my%2520ep/invocations");
    }

    @Test
    void canonicalUri_s3_isRawPathAsReceived() {
        assertThat(CanonicalRequest.canonicalUri("/bkt/a%20b/c%2Fd~e", false)).isEqualTo("/bkt/a%20b/c%2Fd~e");
    }

    @Test
    void canonicalUri_emptyPath_isSlash() {
        assertThat(CanonicalRequest.canonicalUri("", true)).isEqualTo("/");
        assertThat(CanonicalRequest.canonicalUri(null, false)).isEqualTo("/");
    }

    @Test
    void canonicalUri_nonAsciiRawPath_isEncodedAsUtf8() {
        assertThat(CanonicalRequest.canonicalUri("/é", true)).isEqualTo("/%C3%A9");
    }

    @Test
    void canonicalQuery_encodedSpaces_areReEncodedAsPercent20() {
        assertThat(CanonicalRequest.canonicalQuery("prefix=a%20b&x=c+d", false)).isEqualTo("prefix=a%20b&x=c%2Bd");
    }

    @Test
    void canonicalQuery_lowerCaseEscapesAndReservedCharacters_areNormalised() {
        assertThat(CanonicalRequest.canonicalQuery("k=%2f%7e%2A&s=a/b:c", false))
                .isEqualTo("k=%2F~%2A&s=a%2Fb%3Ac");
    }

    @Test
    void canonicalQuery_repeatedKeys_sortByNameThenValue() {
        assertThat(CanonicalRequest.canonicalQuery("b=2&a=z&a=y&B=1", false)).isEqualTo("B=1&a=y&a=z&b=2");
    }

    @Test
    void canonicalQuery_bareKeyAndEmptyValue_bothBecomeKeyEquals() {
        assertThat(CanonicalRequest.canonicalQuery("uploads&location=&acl", false))
                .isEqualTo("acl=&location=&uploads=");
    }

    @Test
    void canonicalQuery_presigned_omitsOnlyTheSignature() {
        assertThat(CanonicalRequest.canonicalQuery(
                "X-Amz-Signature=abc&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host", true))
                .isEqualTo("X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host");
        assertThat(CanonicalRequest.canonicalQuery("X-Amz-Signature=abc", false)).isEqualTo("X-Amz-Signature=abc");
    }

    @Test
    void canonicalQuery_malformedEscape_staysLiteral() {
        assertThat(CanonicalRequest.canonicalQuery("k=100%", false)).isEqualTo("k=100%25");
    }

    @Test
    void canonicalHeaders_trimCollapseAndJoinRepeatedValuesInOrder() {
        HttpFields headers = HttpFields.build()
                .add("Host", "127.0.0.1:4577")
                .add("My-Header1", "  a   b   c  ")
                .add("X-Repeated", "z")
                .add("x-repeated", "  y  ")
                .add("Unsigned", "ignored");

        assertThat(CanonicalRequest.canonicalHeaders(headers, List.of("host", "my-header1", "x-repeated")))
                .isEqualTo("host:127.0.0.1:4577\nmy-header1:a b c\nx-repeated:z,y\n");
    }

    @Test
    void canonicalHeaders_signedButAbsent_isEmptyValue() {
        HttpFields headers = HttpFields.build().add("Host", "h");

        assertThat(CanonicalRequest.canonicalHeaders(headers, List.of("host", "x-amz-date")))
                .isEqualTo("host:h\nx-amz-date:\n");
    }

    @Test
    void uriEncode_keepsOnlyUnreservedCharacters() {
        assertThat(CanonicalRequest.uriEncode("AZaz09-_.~ /+=&%", false)).isEqualTo("AZaz09-_.~%20%2F%2B%3D%26%25");
    }
}
