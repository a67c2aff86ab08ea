package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.async.ResultCallback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a job's image to a local one, offline (CONTRACTS §4.4): the exact local tag; an ECR URI
 * {@code <acct>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>} as the local {@code <repo>:<tag>}, which is how
 * {@code docker tag} users name what they built; then the {@code sagebox.images} alias map. Pulls only when
 * {@code sagebox.docker.allowPull=true}.
 */
final class LocalImages {
    private static final Pattern ECR = Pattern.compile(
            "^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?/(.+)$");
    private static final long PULL_TIMEOUT_MINUTES = 30;

    private final DockerEngine engine;
    private final Map<String, String> aliases;
    private final boolean allowPull;

    LocalImages(DockerEngine engine, Map<String, String> aliases, boolean allowPull) {
        this.engine = engine;
        this.aliases = aliases;
        this.allowPull = allowPull;
    }

    /** The candidates in the contract's order, without duplicates; each is tried against the engine. */
    static List<String> candidates(String image, Map<String, String> aliases) {
        List<String> names = new ArrayList<>();
        names.add(image);
        Matcher ecr = ECR.matcher(image);
        if (ecr.matches() && !names.contains(ecr.group(1))) {
            names.add(ecr.group(1));
        }
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

    Optional<String> resolve(String image) throws IOException {
        for (String name : candidates(image, aliases)) {
            if (exists(name)) {
                return Optional.of(name);
            }
        }
        if (allowPull) {
            pull(image);
            return Optional.of(image);
        }
        return Optional.empty();
    }

    private boolean exists(String name) throws IOException {
        try {
            engine.control().inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            // An unparsable reference (an alias typo) is "not local", not an engine failure.
            if (e instanceof com.github.dockerjava.api.exception.BadRequestException) {
                return false;
            }
            throw new IOException("Docker engine at " + engine.host() + " failed to inspect image " + name + ": "
                    + DockerEngine.message(e), e);
        }
    }

    private void pull(String image) throws IOException {
        try {
            engine.streams().pullImageCmd(image).exec(new ResultCallback.Adapter<PullResponseItem>())
                    .awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new IOException("cannot pull " + image + ": " + DockerEngine.message(e), e);
        }
    }

    /** {@code *} is any run of characters, {@code ?} one; everything else is literal. */
    static boolean matches(String pattern, String image) {
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
}
