package dev.sagebox.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class S3UrisTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rewrite_replacesEveryBucket_keepsKeys_andJsonQuotedHyperparameters() {
        assertThat(S3Uris.rewrite("s3://local-data/train/", "target")).isEqualTo("s3://target/train/");
        assertThat(S3Uris.rewrite("\"s3://b/job/source/sourcedir.tar.gz\"", "t"))
                .isEqualTo("\"s3://t/job/source/sourcedir.tar.gz\"");
        assertThat(S3Uris.rewrite("s3://only-bucket", "t")).isEqualTo("s3://t");
        assertThat(S3Uris.rewrite("no uri here", "t")).isEqualTo("no uri here");
    }

    @Test
    void rewriteAll_walksObjectsAndArrays_andDropEmptyRemovesBlankMembers() throws Exception {
        JsonNode request = JSON.readTree("""
                {"InputDataConfig": [{"DataSource": {"S3DataSource": {"S3Uri": "s3://a/x"}}}],
                 "OutputDataConfig": {"S3OutputPath": "s3://a/out", "KmsKeyId": ""},
                 "HyperParameters": {"model_dir": "\\"s3://a/m\\"", "epochs": "2"}, "Tags": []}""");

        S3Uris.rewriteAll(request, "t");
        S3Uris.dropEmpty(request);

        assertThat(request.at("/InputDataConfig/0/DataSource/S3DataSource/S3Uri").asText()).isEqualTo("s3://t/x");
        assertThat(request.at("/OutputDataConfig/S3OutputPath").asText()).isEqualTo("s3://t/out");
        assertThat(request.at("/HyperParameters/model_dir").asText()).isEqualTo("\"s3://t/m\"");
        assertThat(request.path("OutputDataConfig").has("KmsKeyId")).isFalse();
        assertThat(request.has("Tags")).isFalse();
    }

    @Test
    void parse_unquotesHyperparameterValues_andRefusesOtherSchemes() {
        assertThat(S3Uris.parse("\"s3://b/k/s.tar.gz\"")).containsExactly("b", "k/s.tar.gz");
        assertThat(S3Uris.parse("s3://b")).containsExactly("b", "");
        assertThat(S3Uris.parse("file:///tmp/x")).isNull();
    }
}
