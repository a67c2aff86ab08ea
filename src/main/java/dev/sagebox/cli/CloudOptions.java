package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code sagebox promote} and {@code sagebox import} share: the cloud side as the AWS CLI names it
 * ({@code --region}, {@code --profile}, {@code --endpoint-url}) and the local side (the running Sagebox server and its
 * data dir).
 */
final class CloudOptions {
    @Option(names = "--region", paramLabel = "REGION",
            description = "The cloud region (default: AWS_REGION, then the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "The AWS profile for credentials and region.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send the cloud calls to this AWS-compatible endpoint (also AWS_ENDPOINT_URL[_<SERVICE>] or"
                    + " the profile's endpoint_url).")
    String endpointUrl;

    @Option(names = "--local-endpoint", paramLabel = "URL",
            description = "The local Sagebox server (default http://127.0.0.1:$SAGEBOX_PORT, port 4577 if unset).")
    String localEndpoint;

    @Option(names = "--data-dir", description = "Sagebox's data dir (env SAGEBOX_HOME; default ~/.sagebox).")
    String dataDir;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any configuration key.")
    Map<String, String> settings = new HashMap<>();

    SageboxConfig config() {
        Map<String, String> overrides = new HashMap<>(settings);
        if (dataDir != null) {
            overrides.put(SageboxConfig.HOME, dataDir);
        }
        return SageboxConfig.load(System.getenv(), overrides);
    }

    CloudTarget cloud() throws CloudException {
        return CloudTarget.resolve(region, profile, endpointUrl, System.getenv());
    }

    CloudTarget local(SageboxConfig config) {
        if (localEndpoint != null) {
            return CloudTarget.local(URI.create(localEndpoint));
        }
        String port = System.getenv("SAGEBOX_PORT");
        return CloudTarget.local(URI.create("http://127.0.0.1:" + (port == null || port.isBlank()
                ? config.get(SageboxConfig.PORT, "4577") : port.trim())));
    }
}
