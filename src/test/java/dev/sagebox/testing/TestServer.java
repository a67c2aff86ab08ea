package dev.sagebox.testing;

import dev.sagebox.Sagebox;
import dev.sagebox.SageboxConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A real Sagebox server on an ephemeral port with its own temporary data dir, plus real AWS SDK clients pointed at
 * it. Tests create one per class (or per test when they need a fresh state) and close it.
 */
public final class TestServer implements AutoCloseable {
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final Path home;
    private final Sagebox sagebox;

    private TestServer(Path home, Map<String, String> settings) throws Exception {
        this.home = home;
        Map<String, String> values = new HashMap<>(settings);
        values.put(SageboxConfig.HOME, home.toString());
        values.put(SageboxConfig.PORT, "0");
        this.sagebox = Sagebox.start(SageboxConfig.of(values));
    }

    /** Starts a server with default settings in a fresh temporary data dir. */
    public static TestServer start() throws Exception {
        return start(Map.of());
    }

    /** Starts a server with extra configuration keys in a fresh temporary data dir. */
    public static TestServer start(Map<String, String> settings) throws Exception {
        return new TestServer(Files.createTempDirectory("sagebox-test-"), settings);
    }

    /** Starts a server on an existing data dir: what a restart looks like. */
    public static TestServer startOn(Path home, Map<String, String> settings) throws Exception {
        return new TestServer(home, settings);
    }

    public URI endpoint() {
        return URI.create(sagebox.baseUrl());
    }

    public int port() {
        return sagebox.port();
    }

    public Path home() {
        return home;
    }

    public Sagebox sagebox() {
        return sagebox;
    }

    public S3Client s3() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).forcePathStyle(true).build();
    }

    public SageMakerClient sageMaker() {
        return SageMakerClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    public CloudWatchLogsClient logs() {
        return CloudWatchLogsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    public StsClient sts() {
        return StsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    /** Stops the server; the data dir stays, so a test may restart on it, and is removed with {@link #delete()}. */
    @Override
    public void close() {
        sagebox.close();
    }

    /** Removes the data dir (after {@link #close()}). */
    public void delete() throws IOException {
        TestFiles.deleteRecursively(home);
    }
}
