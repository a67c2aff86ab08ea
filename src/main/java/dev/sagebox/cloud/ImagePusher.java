package dev.sagebox.cloud;

import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ImageNames;
import dev.sagebox.images.ProgressBar;
import dev.sagebox.images.PushProgress;
import dev.sagebox.images.RegistryAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * {@code --push-image}: pushes a locally built image to the repository the target will pull from. An ECR repository
 * gets its login from the target's own ECR (GetAuthorizationToken with the target's credentials and endpoint); any
 * other registry takes {@code --registry-username} and a password, as {@code sagebox images pull} does.
 */
public final class ImagePusher {
    private final ImageEngine engine;
    private final CloudTarget target;
    private final RegistryAuth basicAuth;
    private final PrintWriter out;

    /** @param basicAuth the login for a non-ECR registry, or {@code null} for none */
    public ImagePusher(ImageEngine engine, CloudTarget target, RegistryAuth basicAuth, PrintWriter out) {
        this.engine = engine;
        this.target = target;
        this.basicAuth = basicAuth;
        this.out = out;
    }

    /** Refuses, before anything is uploaded, an image the engine does not have. */
    public void check(ImageMapping.Mapped image) throws CloudException {
        try {
            if (!engine.exists(image.local())) {
                throw new CloudException("cannot push '" + image.local() + "': the Docker engine at " + engine.host()
                        + " has no such image");
            }
        } catch (IOException e) {
            throw new CloudException("cannot push '" + image.local() + "': " + e.getMessage(), e);
        }
    }

    public void push(ImageMapping.Mapped image) throws CloudException {
        RegistryAuth auth = ImageNames.ecr(image.target()).isPresent() ? ecrLogin(image.target()) : basicAuth;
        out.println("Pushing " + image.local() + " to " + image.target());
        PushProgress progress = new PushProgress(new ProgressBar(out, "push", System.console() != null));
        try {
            engine.push(image.local(), image.target(), auth, progress);
            progress.finish();
        } catch (IOException e) {
            throw new CloudException("cannot push " + image.local() + " to " + image.target() + ": "
                    + e.getMessage(), e);
        }
    }

    private RegistryAuth ecrLogin(String uri) throws CloudException {
        try (EcrClient ecr = target.ecr()) {
            var data = ecr.getAuthorizationToken(r -> { }).authorizationData();
            if (data.isEmpty()) {
                throw new CloudException("the target's ECR returned no authorization data");
            }
            AuthorizationData first = data.getFirst();
            String decoded = new String(Base64.getDecoder().decode(first.authorizationToken()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new CloudException("the target's ECR returned a token that is not user:password");
            }
            return new RegistryAuth(decoded.substring(0, colon), decoded.substring(colon + 1),
                    first.proxyEndpoint());
        } catch (SdkException e) {
            throw new CloudException("cannot get an ECR login to push " + uri + ": " + e.getMessage(), e);
        }
    }
}
