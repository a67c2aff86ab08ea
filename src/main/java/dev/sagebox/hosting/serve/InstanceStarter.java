package dev.sagebox.hosting.serve;

import dev.sagebox.hosting.api.ContainerDefinition;
import dev.sagebox.hosting.api.CreateModelRequest;
import dev.sagebox.jobs.OutputTail;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.runtime.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Starts one instance of a variant: each of its model's containers on a port of its own, with its own
 * {@code /opt/ml} tree over its own staged model data, logging to its own stream ({@code <variant>/<instance-id>},
 * plus {@code /<container-hostname>} for an inference pipeline, as SageMaker names them).
 */
final class InstanceStarter {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int TAIL_LINES = 20;

    private final InstanceLauncher launcher;
    private final LogShipper logs;
    private final Path instancesRoot;
    private final Duration stopGrace;

    InstanceStarter(InstanceLauncher launcher, LogShipper logs, Path instancesRoot, Duration stopGrace) {
        this.launcher = launcher;
        this.logs = logs;
        this.instancesRoot = instancesRoot;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts every container of {@code variant}'s model; if one cannot start, those already started are stopped.
     *
     * @param modelDirs each container's staged model data, in the model's order
     */
    Instance start(Deployment deployment, Deployment.Variant variant, List<Path> modelDirs) throws ServingException {
        String name = variant.variant().variantName();
        String id = "i-" + HexFormat.of().formatHex(randomBytes()).substring(0, 17);
        Path dir = instancesRoot.resolve(id);
        CreateModelRequest model = variant.model();
        List<ContainerDefinition> definitions = model.allContainers();
        List<String> hostnames = model.containerHostnames();
        boolean pipeline = definitions.size() > 1;
        List<ServedContainer> started = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            Path base = (pipeline ? dir.resolve(hostnames.get(i)) : dir).resolve("opt/ml");
            String planId = pipeline ? id + "-" + hostnames.get(i) : id;
            String stream = pipeline ? name + "/" + id + "/" + hostnames.get(i) : name + "/" + id;
            try {
                started.add(launch(deployment, variant, planId, id, stream, hostnames.get(i), definitions.get(i),
                        modelDirs.get(i), base));
            } catch (IOException e) {
                started.forEach(c -> c.workload.stop(stopGrace));
                throw new ServingException(ServingFailures.pingFailure(name) + " The instance could not be started"
                        + (pipeline ? " (container " + hostnames.get(i) + ")" : "") + ": " + e.getMessage());
            }
        }
        return new Instance(id, name, dir, started);
    }

    private ServedContainer launch(Deployment deployment, Deployment.Variant variant, String planId, String id,
                                   String stream, String hostname, ContainerDefinition container, Path modelDir,
                                   Path baseDir) throws IOException {
        LogWriter writer = logs.openStream(deployment.region(), Deployment.logGroup(deployment.endpointName()), stream);
        OutputTail tail = new OutputTail(TAIL_LINES);
        try {
            Files.createDirectories(baseDir);
            Files.createSymbolicLink(baseDir.resolve("model"), modelDir.toAbsolutePath());
            Ports.Block ports = Ports.allocate();
            InstancePlan plan = new InstancePlan(deployment.region(), deployment.endpointName(),
                    variant.variant().variantName(), planId, container, modelDir, baseDir, ports.port(),
                    ports.safeRange(), Map.of("sagebox.arn", deployment.endpointArn(), "sagebox.host", id),
                    Boolean.TRUE.equals(variant.model().enableNetworkIsolation()));
            Workload workload = launcher.launch(plan, (source, line, at) -> {
                writer.append(line);
                tail.add(line);
            });
            workload.onExit().whenComplete((status, error) -> writer.close());
            // An image that insists on 8080 listens there, not on the allocated port.
            int listening = workload instanceof FixedPortWorkload fixed ? fixed.port() : ports.port();
            return new ServedContainer(hostname, listening, workload, tail);
        } catch (IOException | RuntimeException e) {
            writer.append("Sagebox could not start this container: " + e.getMessage());
            writer.close();
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
