package dev.sagebox.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.SaveImagesCmd;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Docker engine's image calls for {@code sagebox images}: found through {@code sagebox.docker.host}, then
 * {@code DOCKER_HOST}, then the default socket, like the Docker runtime. No API version is pinned.
 */
public final class ImageEngine implements AutoCloseable {
    private final String host;
    private final DockerClient client;

    private ImageEngine(String host, DockerClient client) {
        this.host = host;
        this.client = client;
    }

    public static ImageEngine connect(String host) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host);
        }
        DockerClientConfig config = builder.build();
        // No response time-out: a pull or save runs as long as the image is big.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5)).build();
        return new ImageEngine(config.getDockerHost().toString(), DockerClientImpl.getInstance(config, http));
    }

    public String host() {
        return host;
    }

    /** The engine's version, or an exception that says no engine answers. */
    public String ping() throws IOException {
        try {
            client.pingCmd().exec();
            return client.versionCmd().exec().getVersion();
        } catch (RuntimeException e) {
            throw new IOException("no Docker engine answers at " + host + ": " + message(e), e);
        }
    }

    /** The engine's storage directory, for the disk space check; empty when the engine does not say. */
    public Optional<Path> rootDirectory() {
        String dir = client.infoCmd().exec().getDockerRootDir();
        return dir == null ? Optional.empty() : Optional.of(Path.of(dir));
    }

    public boolean exists(String name) throws IOException {
        return inspect(name).isPresent();
    }

    public Optional<InspectImageResponse> inspect(String name) throws IOException {
        try {
            return Optional.of(client.inspectImageCmd(name).exec());
        } catch (NotFoundException | BadRequestException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IOException("Docker engine at " + host + " failed to inspect " + name + ": " + message(e), e);
        }
    }

    public List<LocalImage> list() throws IOException {
        try {
            List<LocalImage> images = new ArrayList<>();
            for (Image image : client.listImagesCmd().exec()) {
                List<String> names = image.getRepoTags() == null ? List.of() : Arrays.stream(image.getRepoTags())
                        .filter(n -> !n.equals("<none>:<none>")).toList();
                images.add(new LocalImage(image.getId(), names, image.getSize() == null ? 0 : image.getSize()));
            }
            return images;
        } catch (RuntimeException e) {
            throw new IOException("Docker engine at " + host + " failed to list images: " + message(e), e);
        }
    }

    /** Pulls {@code image}, reporting the engine's layer progress; fails with the engine's or registry's words. */
    public void pull(String image, RegistryAuth auth, PullProgress progress) throws IOException {
        var command = client.pullImageCmd(ImageNames.withTag(image));
        if (auth != null) {
            command.withAuthConfig(new AuthConfig().withUsername(auth.username()).withPassword(auth.password())
                    .withRegistryAddress(auth.serverAddress()));
        }
        EngineStream<PullResponseItem> callback = progress.callback();
        try {
            command.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new IOException(message(e), e);
        }
        if (callback.error() != null) {
            throw new IOException(callback.error());
        }
    }

    /**
     * Tags {@code localImage} as {@code target} ({@code repository:tag}) and pushes it, reporting layer progress; the
     * registry's refusal comes back in its own words.
     */
    public void push(String localImage, String target, RegistryAuth auth, PushProgress progress) throws IOException {
        int slash = target.lastIndexOf('/');
        int colon = target.indexOf(':', slash + 1);
        String repository = colon > 0 ? target.substring(0, colon) : target;
        String tag = colon > 0 ? target.substring(colon + 1) : "latest";
        EngineStream<PushResponseItem> callback = progress.callback();
        try {
            client.tagImageCmd(localImage, repository, tag).exec();
            var command = client.pushImageCmd(repository).withTag(tag);
            if (auth != null) {
                command.withAuthConfig(new AuthConfig().withUsername(auth.username()).withPassword(auth.password())
                        .withRegistryAddress(auth.serverAddress()));
            }
            command.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pushing " + target, e);
        } catch (RuntimeException e) {
            throw new IOException(message(e), e);
        }
        if (callback.error() != null) {
            throw new IOException(callback.error());
        }
    }

    /** Writes {@code images} as one {@code docker save} tar to {@code file} (temp file, then rename). */
    public void save(List<String> images, Path file, ProgressBar bar) throws IOException {
        long estimate = 0;
        SaveImagesCmd command = client.saveImagesCmd();
        for (String image : images) {
            InspectImageResponse found = inspect(image).orElseThrow(() -> new IOException("image " + image
                    + " is not in the local Docker engine; pull or build it first"));
            estimate += found.getSize() == null ? 0 : found.getSize();
            String named = ImageNames.withTag(image);
            int colon = named.lastIndexOf(':');
            command.withImage(named.substring(0, colon), named.substring(colon + 1));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try (InputStream in = command.exec(); OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
                bar.update(done, Math.max(estimate, done), null);
            }
            bar.finish(done, done, "written to " + file);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw new IOException("Docker engine at " + host + " failed to save " + images + ": " + message(e), e);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loads a {@code docker save} tar; returns the engine's report lines ({@code Loaded image: ...}). */
    public List<String> load(Path file, ProgressBar bar) throws IOException {
        long total = Files.size(file);
        List<String> loaded = new ArrayList<>();
        try (InputStream in = new CountingInputStream(Files.newInputStream(file), n -> bar.update(n, total, null))) {
            String[] error = new String[1];
            var callback = new ResultCallback.Adapter<LoadResponseItem>() {
                @Override
                public void onNext(LoadResponseItem item) {
                    if (item.getErrorDetail() != null && error[0] == null) {
                        error[0] = item.getErrorDetail().getMessage();
                    } else if (item.getStream() != null && !item.getStream().isBlank()) {
                        loaded.add(item.getStream().strip());
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                    // Kept for the message below instead of docker-java's logged stack trace.
                    if (error[0] == null) {
                        error[0] = message(throwable);
                    }
                    try {
                        close();
                    } catch (IOException e) {
                        // the error above is what matters
                    }
                }
            };
            client.loadImageAsyncCmd(in).exec(callback).awaitCompletion();
            if (error[0] != null) {
                throw new IOException("Docker engine at " + host + " failed to load " + file + ": " + error[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + file, e);
        } catch (RuntimeException e) {
            throw new IOException("Docker engine at " + host + " failed to load " + file + ": " + message(e), e);
        }
        bar.finish(total, total, null);
        return loaded;
    }

    /** The engine's own words, without docker-java's status prefix noise. */
    static String message(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        int json = text.indexOf("{\"message\":\"");
        if (json >= 0) {
            int end = text.lastIndexOf("\"}");
            text = end > json ? text.substring(json + 12, end) : text.substring(json + 12);
        }
        return text.replace("\\\"", "\"").replace("\\n", " ").strip();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
