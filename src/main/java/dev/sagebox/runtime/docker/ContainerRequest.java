package dev.sagebox.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.Limits;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.WorkloadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link WorkloadSpec} in Docker's terms (CONTRACTS §4.2): {@code --network host} with every host alias on the
 * loopback address, or {@code --network none} when isolated; bind mounts; limits; {@code /dev/shm}; GPUs. The log
 * driver is always {@code json-file}, whatever the engine's default, because output is read back with a log follow.
 *
 * @param image    the local image to run
 * @param user     {@code uid:gid}, or null for the image's USER
 * @param gpus     whether to ask for every GPU
 * @param maxCpus  the engine's CPU count, which caps the CPU limit
 * @param shmBytes the {@code /dev/shm} size, or null for the sizing rule
 */
record ContainerRequest(String image, WorkloadSpec spec, String user, boolean gpus, int maxCpus, Long shmBytes,
                        boolean applyLimits) {
    static final long DEFAULT_SHM = 1L << 30;
    private static final long MIN_SHM = 64L << 20;

    /** PyTorch's DataLoader workers share tensors through {@code /dev/shm}; Docker's 64 MiB default breaks them. */
    long shm() {
        if (shmBytes != null) {
            return shmBytes;
        }
        Long memory = applyLimits ? spec.limits().memoryBytes() : null;
        return memory == null ? DEFAULT_SHM : Math.max(MIN_SHM, memory / 2);
    }

    CreateContainerCmd create(DockerClient client, String name) {
        ContainerOptions options = spec.container() == null ? ContainerOptions.defaults() : spec.container();
        CreateContainerCmd cmd = client.createContainerCmd(image).withName(name)
                .withEnv(environment()).withLabels(spec.labels()).withHostConfig(hostConfig(options));
        if (options.hostname() != null) {
            cmd.withHostName(options.hostname());
        }
        if (user != null) {
            cmd.withUser(user);
        }
        if (options.entrypoint() != null) {
            cmd.withEntrypoint(options.entrypoint());
        }
        if (!spec.command().isEmpty() || options.entrypoint() != null) {
            cmd.withCmd(spec.command());
        }
        return cmd;
    }

    /** Sorted, so a container's inspect output reads the same on every run. */
    private List<String> environment() {
        Map<String, String> env = new TreeMap<>(spec.environment());
        if (gpus) {
            env.putIfAbsent("NVIDIA_VISIBLE_DEVICES", "all");
        }
        List<String> entries = new ArrayList<>();
        env.forEach((key, value) -> entries.add(key + "=" + value));
        return entries;
    }

    private HostConfig hostConfig(ContainerOptions options) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.networkIsolated() ? "none" : "host")
                .withBinds(binds(spec.mounts()))
                .withShmSize(shm())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, null));
        if (!options.hostAliases().isEmpty()) {
            host.withExtraHosts(options.hostAliases().stream().map(h -> h + ":127.0.0.1").toArray(String[]::new));
        }
        Limits limits = spec.limits();
        if (applyLimits && limits.memoryBytes() != null) {
            // Swap equal to memory: no swap, so a job over its limit is OOM-killed as on a real instance.
            host.withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes());
        }
        if (applyLimits && limits.cpus() != null) {
            double cpus = Math.min(limits.cpus(), maxCpus);
            host.withNanoCPUs(Math.round(cpus * 1_000_000_000L));
        }
        if (gpus) {
            host.withDeviceRequests(List.of(new DeviceRequest().withCapabilities(List.of(List.of("gpu")))
                    .withCount(-1)));
        }
        return host;
    }

    static List<Bind> binds(List<Mount> mounts) {
        return mounts.stream().map(m -> new Bind(m.source().toAbsolutePath().toString(), new Volume(m.target()),
                m.readOnly() ? AccessMode.ro : AccessMode.rw)).toList();
    }
}
