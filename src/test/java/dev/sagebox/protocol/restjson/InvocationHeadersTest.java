package dev.sagebox.protocol.restjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** One pass over InvokeEndpoint's headers: forwarded by the SDKs' spelling whatever the case, routing ones apart. */
class InvocationHeadersTest {
    @Test
    void read_forwardsDocumentedHeadersByCanonicalName() {
        HttpFields fields = HttpFields.build().add(HttpHeader.CONTENT_TYPE, "text/csv").add("accept", "application/json")
                .add("x-amzn-sagemaker-custom-attributes", "a=1").add("X-Amzn-SageMaker-Inference-Id", "id-1")
                .add("X-Amzn-SageMaker-Session-Id", "s").add("X-Amzn-SageMaker-Unknown", "u")
                .add("Authorization", "secret");

        InvocationHeaders headers = InvocationHeaders.read(fields, false);

        assertThat(headers.forwarded()).containsOnly(
                entry("Content-Type", "text/csv"),
                entry("Accept", "application/json"),
                entry("X-Amzn-SageMaker-Custom-Attributes", "a=1"),
                entry("X-Amzn-SageMaker-Inference-Id", "id-1"),
                entry("X-Amzn-SageMaker-Session-Id", "s"));
    }

    @Test
    void read_routingHeaders_areNotForwarded() {
        HttpFields fields = HttpFields.build().add("X-Amzn-SageMaker-Target-Variant", "v2")
                .add("x-amzn-sagemaker-target-container-hostname", "second")
                .add("X-Amzn-SageMaker-Inference-Component", "ic");

        InvocationHeaders headers = InvocationHeaders.read(fields, false);

        assertThat(headers.forwarded()).isEmpty();
        assertThat(headers.targetVariant()).isEqualTo("v2");
        assertThat(headers.targetContainerHostname()).isEqualTo("second");
        assertThat(headers.inferenceComponent()).isEqualTo("ic");
    }

    @Test
    void read_streamingAcceptHeader_replacesAcceptOnlyWhenStreaming() {
        HttpFields fields = HttpFields.build().add("Accept", "*/*").add("X-Amzn-SageMaker-Accept", "text/csv");

        assertThat(InvocationHeaders.read(fields, true).forwarded()).containsEntry("Accept", "text/csv");
        assertThat(InvocationHeaders.read(fields, false).forwarded()).containsEntry("Accept", "*/*");
    }
}
