package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes containers an earlier server left behind (it died with jobs running), found by their labels, and gives
 * their writable bind mounts back to the server's user so the job trees can be removed.
 */
final class ContainerReaper {
    private ContainerReaper() {
    }

    static int reap(DockerEngine engine, OwnershipFixer ownership, Map<String, String> labels) {
        List<Container> found = engine.control().listContainersCmd().withShowAll(true).withLabelFilter(labels)
                .exec();
        for (Container container : found) {
            DockerWorkload.remove(engine, container.getId());
            List<Path> writable = new ArrayList<>();
            if (container.getMounts() != null) {
                for (ContainerMount mount : container.getMounts()) {
                    if ((mount.getName() == null || mount.getName().isEmpty()) && Boolean.TRUE.equals(mount.getRw())
                            && mount.getSource() != null) {
                        writable.add(Path.of(mount.getSource()));
                    }
                }
            }
            if (!writable.isEmpty() && !"ownership".equals(labelOf(container, "sagebox.role"))) {
                ownership.fix(container.getImageId(), writable, labels);
            }
        }
        return found.size();
    }

    private static String labelOf(Container container, String key) {
        return container.getLabels() == null ? null : container.getLabels().get(key);
    }
}
