package dev.sagebox.bench;

import dev.sagebox.testing.TestServer;
import java.net.URI;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The AWS SDK for Java v2 with its Apache HTTP client, either with its defaults (a CRC32 trailer on every upload in
 * signed aws-chunked encoding, CRC32 validation of downloads) or with checksums only where an operation requires
 * them, which over plain HTTP still sends signed aws-chunked bodies (a SHA-256 and an HMAC per chunk).
 */
final class SdkTransfer implements Transfer {
    private final S3Client s3;
    private final boolean checksums;

    SdkTransfer(URI endpoint, boolean checksums, int connections) {
        this.checksums = checksums;
        this.s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(TestServer.CREDENTIALS).forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections))
                .requestChecksumCalculation(checksums ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(checksums ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public String name() {
        return checksums ? "Java SDK v2, default checksums (CRC32)" : "Java SDK v2, checksums when required";
    }

    @Override
    public void put(String bucket, String key, byte[] data) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    @Override
    public long get(String bucket, String key) throws Exception {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            return RawHttpTransfer.drain(in);
        }
    }

    @Override
    public byte[] getBytes(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void close() {
        s3.close();
    }
}
