package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import dev.sagebox.cloud.ImageMapping;
import dev.sagebox.cloud.ImagePusher;
import dev.sagebox.cloud.PromoteOptions;
import dev.sagebox.images.ImageAliases;
import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.RegistryAuth;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** The options of both {@code sagebox promote} commands. */
final class PromoteFlags {
    @Option(names = "--role", paramLabel = "ARN", description = "The execution role the target runs under.")
    String role;

    @Option(names = "--bucket", paramLabel = "BUCKET",
            description = "The target bucket (default sagemaker-<region>-<account>, created if missing).")
    String bucket;

    @Option(names = "--name", paramLabel = "NAME", description = "The name on the target (default: the local one).")
    String name;

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "Replace the local instance type (required when it is local or local_gpu).")
    String instanceType;

    @Option(names = "--push-image", paramLabel = "REPO",
            description = "Push the local image to this repository (ECR login through the target) and run that.")
    String pushImage;

    @Option(names = "--registry-username", paramLabel = "USER", description = "Login for a non-ECR --push-image.")
    String registryUsername;

    @Option(names = "--registry-password-stdin", description = "Read that login's password from stdin.")
    boolean registryPasswordStdin;

    @Option(names = "--wait", description = "Follow the target until the job ends (or the endpoint is InService).")
    boolean await;

    @Option(names = "--dry-run", description = "Print the plan (objects, sizes, requests) and change nothing.")
    boolean dryRun;

    @Option(names = "--part-size-mib", hidden = true, defaultValue = "32", description = "Multipart part size.")
    int partSizeMib;

    @Option(names = "--poll-millis", hidden = true, defaultValue = "2000", description = "How often --wait polls.")
    long pollMillis;

    PromoteOptions options(SageboxConfig config) throws CloudException {
        ImageMapping images = ImageMapping.of(config.home(),
                ImageAliases.parseConfigured(config.get(SageboxConfig.IMAGES)), pushImage);
        return new PromoteOptions(role, bucket, name, instanceType,
                config.home().resolve("promote").resolve("uploads"), partSizeMib * 1024L * 1024L, images);
    }

    /** The pusher, when {@code --push-image} asks for one. */
    ImagePusher pusher(SageboxConfig config, CloudTarget target, PrintWriter out) throws CloudException {
        if (pushImage == null) {
            return null;
        }
        RegistryAuth auth = null;
        if (registryUsername != null) {
            String password = "";
            if (registryPasswordStdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    password = line == null ? "" : line;
                } catch (IOException e) {
                    throw new CloudException("cannot read the registry password from stdin", e);
                }
            }
            int slash = pushImage.indexOf('/');
            auth = new RegistryAuth(registryUsername, password, slash > 0 ? pushImage.substring(0, slash) : "");
        }
        return new ImagePusher(ImageEngine.connect(config.get(SageboxConfig.DOCKER_HOST)), target, auth, out);
    }
}
