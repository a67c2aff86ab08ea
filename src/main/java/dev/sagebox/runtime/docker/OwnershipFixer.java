package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives files a container left under its writable mounts back to the server's user. A job that ran as root (the
 * image's USER, as in the cloud) leaves root-owned, possibly unreadable files that would otherwise break packaging
 * and the removal of the job's tree. A short-lived container of the same image (the only image known to be local)
 * runs {@code find ... -exec chown} as root over those mounts only; it is started only when a walk finds a file that
 * is not the server's.
 */
final class OwnershipFixer {
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipFixer.class);
    private static final long WAIT_SECONDS = 120;

    private final DockerEngine engine;
    private final HostUser owner;

    OwnershipFixer(DockerEngine engine, HostUser owner) {
        this.engine = engine;
        this.owner = owner;
    }

    /** Fixes ownership under {@code sources} if needed; failures are logged, never thrown. */
    void fix(String image, List<Path> sources, Map<String, String> labels) {
        List<Path> foreign = sources.stream().filter(this::holdsForeignFiles).toList();
        if (foreign.isEmpty() || engine.isClosed()) {
            return;
        }
        try {
            run(image, foreign, labels);
        } catch (RuntimeException e) {
            LOG.warn("cannot give {} back to uid {}: {}", foreign, owner.spec(), DockerEngine.message(e));
        }
    }

    /** Whether anything under {@code root} belongs to someone else, or cannot even be read. */
    boolean holdsForeignFiles(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean[] found = {false};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return check(dir);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    return check(file);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    found[0] = true;
                    return FileVisitResult.TERMINATE;
                }

                private FileVisitResult check(Path path) throws IOException {
                    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                    int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                    if (uid != owner.uid() || gid != owner.gid()) {
                        found[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return true;
        }
        return found[0];
    }

    private void run(String image, List<Path> sources, Map<String, String> labels) {
        List<String> command = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String target = "/sagebox-fix/" + i;
            binds.add(new Bind(sources.get(i).toAbsolutePath().toString(), new Volume(target)));
            command.add(target);
        }
        // Only entries that are not already the server's: staged inputs are hard links to stored objects.
        command.addAll(List.of("(", "!", "-user", String.valueOf(owner.uid()), "-o", "!", "-group",
                String.valueOf(owner.gid()), ")", "-exec", "chown", "-h", owner.spec(), "{}", "+"));
        Map<String, String> cleanupLabels = new HashMap<>(labels);
        cleanupLabels.put("sagebox.role", "ownership");
        CreateContainerResponse created = engine.control().createContainerCmd(image)
                .withName("sagebox-chown-" + Long.toHexString(System.nanoTime()))
                .withUser("0:0").withEntrypoint("find").withCmd(command).withLabels(cleanupLabels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(binds)).exec();
        String id = created.getId();
        try {
            engine.control().startContainerCmd(id).exec();
            Integer code = engine.streams().waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(WAIT_SECONDS, TimeUnit.SECONDS);
            if (code == null || code != 0) {
                LOG.warn("giving {} back to uid {} with image {} ended with exit code {}", sources, owner.spec(),
                        image, code);
            }
        } finally {
            DockerWorkload.remove(engine, id);
        }
    }
}
