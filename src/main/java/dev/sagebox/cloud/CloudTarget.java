package dev.sagebox.cloud;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One AWS account and region to talk to, resolved as the AWS CLI resolves it: {@code --region}, then the profile and
 * the environment; credentials from the standard chain or a named profile; and an endpoint override from
 * {@code --endpoint-url}, {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL} or the profile's
 * {@code endpoint_url}, so any AWS-compatible endpoint (another Sagebox included) can stand in for AWS.
 */
public final class CloudTarget {
    private final String region;
    private final String profile;
    private final AwsCredentialsProvider credentials;
    private final URI endpointUrl;
    private final URI profileEndpointUrl;
    private final Map<String, String> environment;

    private CloudTarget(String region, String profile, AwsCredentialsProvider credentials, URI endpointUrl,
                        URI profileEndpointUrl, Map<String, String> environment) {
        this.region = region;
        this.profile = profile;
        this.credentials = credentials;
        this.endpointUrl = endpointUrl;
        this.profileEndpointUrl = profileEndpointUrl;
        this.environment = environment;
    }

    /**
     * The user's cloud target.
     *
     * @param environment the process environment, for {@code AWS_ENDPOINT_URL*} (tests pass their own)
     */
    public static CloudTarget resolve(String region, String profile, String endpointUrl,
                                      Map<String, String> environment) throws CloudException {
        Optional<Profile> named = profile(profile);
        if (profile != null && named.isEmpty()) {
            throw new CloudException("the AWS profile '" + profile + "' is not in your AWS config or credentials"
                    + " file");
        }
        String chosenRegion = region;
        if (chosenRegion == null) {
            try {
                chosenRegion = DefaultAwsRegionProviderChain.builder().profileName(profile).build().getRegion().id();
            } catch (SdkException e) {
                throw new CloudException("no AWS region: pass --region, set AWS_REGION or give the profile a region");
            }
        }
        String fromProfile = named.flatMap(p -> p.property("endpoint_url")).orElse(null);
        AwsCredentialsProvider chain = profile == null ? DefaultCredentialsProvider.builder().build()
                : DefaultCredentialsProvider.builder().profileName(profile).build();
        return new CloudTarget(chosenRegion, profile, chain, endpointUrl == null ? null : uri(endpointUrl),
                fromProfile == null ? null : uri(fromProfile), environment);
    }

    /** The local Sagebox server at {@code endpoint}: region us-east-1, its fixed container credentials. */
    public static CloudTarget local(URI endpoint) {
        return new CloudTarget("us-east-1", null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("sagebox", "sagebox")), endpoint, null,
                Map.of());
    }

    public String region() {
        return region;
    }

    /** The profile name, or {@code null} for the default chain. */
    public String profile() {
        return profile;
    }

    /**
     * Where one service's requests go, in the AWS CLI's order: {@code --endpoint-url}, then
     * {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL}, the profile's {@code endpoint_url}; {@code null}
     * means the service's own AWS endpoint.
     */
    URI endpointFor(String serviceEnvName) {
        if (endpointUrl != null) {
            return endpointUrl;
        }
        for (String variable : new String[] {"AWS_ENDPOINT_URL_" + serviceEnvName, "AWS_ENDPOINT_URL"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return profileEndpointUrl;
    }

    /** A description for messages: the region plus the endpoint when it is not AWS's own. */
    public String describe() {
        URI override = endpointFor("SAGEMAKER");
        return region + (override == null ? "" : " at " + override);
    }

    public S3Client s3() {
        URI override = endpointFor("S3");
        var builder = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (override != null) {
            // AWS-compatible endpoints (Sagebox among them) serve buckets by path, not by host name.
            builder.endpointOverride(override).forcePathStyle(true);
        }
        return builder.build();
    }

    public EcrClient ecr() {
        URI override = endpointFor("ECR");
        var builder = EcrClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    public StsClient sts() {
        URI override = endpointFor("STS");
        var builder = StsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    public AwsJsonClient sageMaker() {
        URI override = endpointFor("SAGEMAKER");
        return new AwsJsonClient(override != null ? override
                : URI.create("https://api.sagemaker." + region + ".amazonaws.com/"), "SageMaker", "sagemaker", region,
                credentials);
    }

    public AwsJsonClient logs() {
        URI override = endpointFor("CLOUDWATCH_LOGS");
        return new AwsJsonClient(override != null ? override
                : URI.create("https://logs." + region + ".amazonaws.com/"), "Logs_20140328", "logs", region,
                credentials);
    }

    /** A client for a Sagebox-only JSON service on this target (the local server's import calls). */
    public AwsJsonClient sagebox(String targetPrefix) {
        URI override = endpointFor("SAGEMAKER");
        if (override == null) {
            throw new IllegalStateException("Sagebox services need an endpoint URL");
        }
        return new AwsJsonClient(override, targetPrefix, "sagemaker", region, credentials);
    }

    private static Optional<Profile> profile(String name) {
        try {
            return ProfileFile.defaultProfileFile().profile(name == null ? "default" : name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static URI uri(String value) throws CloudException {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CloudException("the endpoint URL '" + value + "' is not a URL like https://host:port");
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
