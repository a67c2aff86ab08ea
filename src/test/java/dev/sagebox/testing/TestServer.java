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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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

    /**
     * Starts a server with extra configuration keys in a fresh temporary data dir that {@code setup} prepares first,
     * e.g. by writing the credentials file that {@code sagebox.auth=verify} reads at start.
     */
    public static TestServer start(Map<String, String> settings, HomeSetup setup) throws Exception {
        Path home = Files.createTempDirectory("sagebox-test-");
        setup.prepare(home);
        return new TestServer(home, settings);
    }

    /** Prepares a data dir before the server starts on it. */
    @FunctionalInterface
    public interface HomeSetup {
        void prepare(Path home) throws IOException;
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
        return s3(CREDENTIALS);
    }

    /** An S3 client signing with the given credentials (for servers with {@code sagebox.auth=verify}). */
    public S3Client s3(AwsCredentialsProvider credentials) {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).forcePathStyle(true).build();
    }

    public SageMakerClient sageMaker() {
        return sageMaker(CREDENTIALS);
    }

    public SageMakerClient sageMaker(AwsCredentialsProvider credentials) {
        return SageMakerClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    public CloudWatchLogsClient logs() {
        return CloudWatchLogsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    public StsClient sts() {
        return sts(CREDENTIALS);
    }

    public StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    /** Static credentials for a key pair, for clients of a verifying server. */
    public static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
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
