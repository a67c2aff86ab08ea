package dev.sagebox.cloud;

import dev.sagebox.images.ImageAliases;
import dev.sagebox.images.ImageNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which image the target should run for a local one: a cloud URI stays as it is, a local alias goes back to the URI
 * it stands for ({@code sagebox images alias}, {@code sagebox.images}), and an image built here goes to
 * {@code --push-image}. Anything else cannot be pulled by SageMaker and is refused before any upload.
 */
public final class ImageMapping {
    /** A registry host (optional port), lower-case path components, an optional tag: Docker's reference grammar. */
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$");

    private final Map<String, String> aliases;
    private final String pushImage;

    private ImageMapping(Map<String, String> aliases, String pushImage) {
        this.aliases = aliases;
        this.pushImage = pushImage;
    }

    /** The data dir's alias file, then {@code configured} ({@code sagebox.images}); {@code pushImage} may be null. */
    public static ImageMapping of(Path home, Map<String, String> configured, String pushImage) throws CloudException {
        if (pushImage != null && !(REPOSITORY.matcher(pushImage).matches() && isRegistryUri(pushImage))) {
            throw new CloudException("--push-image '" + pushImage + "' is not a repository SageMaker can pull from;"
                    + " name one like <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag]");
        }
        try {
            return new ImageMapping(ImageAliases.in(home).mergedWith(configured), pushImage);
        } catch (IOException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    /** The image the target runs, and whether the local image must be pushed there first. */
    public record Mapped(String local, String target, boolean push) {
    }

    /**
     * Maps {@code image} for a job in {@code region}; an ECR image from another region is refused, because
     * SageMaker pulls only from the job's own region.
     */
    public Mapped map(String image, String region) throws CloudException {
        Mapped mapped = map(image);
        var ecr = ImageNames.ecr(mapped.target());
        if (ecr.isPresent() && !ecr.get().region().equals(region)) {
            throw new CloudException("the image " + mapped.target() + " is in ECR region " + ecr.get().region()
                    + ", but the target runs in " + region + " and SageMaker pulls only from its own region: pass"
                    + " --region " + ecr.get().region() + ", or --push-image a repository in " + region);
        }
        return mapped;
    }

    public Mapped map(String image) throws CloudException {
        if (pushImage != null) {
            return new Mapped(image, withTagOf(pushImage, image), true);
        }
        if (isRegistryUri(image)) {
            return new Mapped(image, image, false);
        }
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (alias.getValue().equals(image) && !alias.getKey().contains("*") && isRegistryUri(alias.getKey())) {
                return new Mapped(image, alias.getKey(), false);
            }
        }
        throw new CloudException("the image '" + image + "' exists only on this machine, so SageMaker cannot pull"
                + " it: pass --push-image <account>.dkr.ecr.<region>.amazonaws.com/<repository> to push it first,"
                + " or record the cloud URI it stands for with `sagebox images alias <uri> " + image + "`");
    }

    /** An ECR URI, or a reference whose first part names a registry host (has a dot or a port). */
    static boolean isRegistryUri(String image) {
        if (ImageNames.ecr(image).isPresent()) {
            return true;
        }
        int slash = image.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":");
    }

    /** {@code repo} with its own tag, or with the local image's tag when it has none ({@code latest} without). */
    static String withTagOf(String repo, String image) {
        int slash = repo.lastIndexOf('/');
        if (repo.indexOf(':', slash + 1) > 0 || repo.contains("@")) {
            return repo;
        }
        int imageSlash = image.lastIndexOf('/');
        int colon = image.indexOf(':', imageSlash + 1);
        return repo + ":" + (colon > 0 ? image.substring(colon + 1) : "latest");
    }
}
