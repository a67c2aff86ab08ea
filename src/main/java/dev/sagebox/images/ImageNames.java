package dev.sagebox.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an image URI maps to local image names (CONTRACTS §4.4), the same rule the Docker runtime applies at launch:
 * the exact name, then an ECR URI's {@code <repo>:<tag>}, then the first matching alias.
 */
public final class ImageNames {
    private static final Pattern ECR = Pattern.compile(
            "^(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/(.+)$");

    private ImageNames() {
    }

    /** An ECR image reference's parts. */
    public record EcrImage(String account, String region, String repositoryAndTag) {
    }

    public static Optional<EcrImage> ecr(String image) {
        Matcher m = ECR.matcher(image);
        return m.matches() ? Optional.of(new EcrImage(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** The local names to try for {@code image}, in order and without duplicates. */
    public static List<String> candidates(String image, Map<String, String> aliases) {
        List<String> names = new ArrayList<>();
        names.add(image);
        ecr(image).map(EcrImage::repositoryAndTag).filter(n -> !names.contains(n)).ifPresent(names::add);
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (matches(alias.getKey(), image)) {
                if (!names.contains(alias.getValue())) {
                    names.add(alias.getValue());
                }
                break;
            }
        }
        return names;
    }

    /** {@code *} is any run of characters, {@code ?} one; everything else is literal. */
    public static boolean matches(String pattern, String image) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return image.matches(regex.toString());
    }

    /** {@code repo:tag} with {@code :latest} added when the reference names no tag or digest. */
    public static String withTag(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }
}
