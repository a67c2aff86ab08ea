package dev.sagebox.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * A registry login for an ECR image from ECR's GetAuthorizationToken, signed with the user's own AWS credentials
 * (the default chain, or a named profile). This and the pull itself are the only calls that leave the machine.
 */
public final class EcrLogin {
    private EcrLogin() {
    }

    /** The engine credentials for {@code image}'s registry: user {@code AWS} and a 12-hour token. */
    public static RegistryAuth forImage(ImageNames.EcrImage image, String profile) throws IOException {
        try (EcrClient ecr = EcrClient.builder().region(Region.of(image.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(profile == null ? DefaultCredentialsProvider.builder().build()
                        : ProfileCredentialsProvider.create(profile))
                .build()) {
            GetAuthorizationTokenResponse response = ecr.getAuthorizationToken(r -> { });
            if (response.authorizationData().isEmpty()) {
                throw new IOException("ECR returned no authorization data for region " + image.region());
            }
            AuthorizationData data = response.authorizationData().getFirst();
            String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IOException("ECR returned an authorization token that is not user:password");
            }
            return new RegistryAuth(decoded.substring(0, colon), decoded.substring(colon + 1),
                    data.proxyEndpoint());
        } catch (SdkException e) {
            throw new IOException("cannot get an ECR login for " + image.account() + " in " + image.region()
                    + " with your AWS credentials" + (profile == null ? "" : " (profile " + profile + ")") + ": "
                    + e.getMessage(), e);
        }
    }
}
