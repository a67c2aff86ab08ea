package dev.sagebox.hosting.serve;

import dev.sagebox.jobs.placement.Placement;
import dev.sagebox.jobs.placement.PlacementException;
import dev.sagebox.jobs.placement.RuntimeSelector;
import dev.sagebox.runtime.ContainerOptions;
import dev.sagebox.runtime.Limits;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.OutputListener;
import dev.sagebox.runtime.OutputSource;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadSpec;
import dev.sagebox.runtime.docker.DockerWorkloadRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Serves each model image where {@link RuntimeSelector} places it, with the training rules (CONTRACTS §4.4): a local
 * image runs as a container with {@code serve} (§6.3); anything else goes to the process launcher. Containers use the
 * host network. An image labelled {@code accept-bind-to-port=true} listens on the allocated
 * {@code SAGEMAKER_BIND_TO_PORT}; any other listens on 8080, so such instances run one at a time, and an instance
 * fails to start with a clear reason while host port 8080 is taken.
 */
public final class ContainerInstanceLauncher implements InstanceLauncher {
    static final String ACCEPT_BIND_TO_PORT = "com.amazonaws.sagemaker.capabilities.accept-bind-to-port";
    static final int DEFAULT_PORT = 8080;

    private final RuntimeSelector selector;
    private final InstanceLauncher processes;
    private final Supplier<String> endpointUrl;
    private final AtomicBoolean port8080Taken = new AtomicBoolean();
    private final Map<String, String> ownLabels;

    /**
     * @param home        the data dir: instances carry it as a label, so a server reaps only its own orphans and
     *                    not the instances of another server (a test run beside it) on the same machine or engine
     * @param endpointUrl this server's URL once it listens, or null before; containers reach S3 through it
     */
    public ContainerInstanceLauncher(RuntimeSelector selector, InstanceLauncher processes, Path home,
                                     Supplier<String> endpointUrl) {
        this.selector = selector;
        this.processes = processes;
        this.endpointUrl = endpointUrl;
        this.ownLabels = Map.of(ProcessInstanceLauncher.COMPONENT_LABEL, "hosting", ProcessInstanceLauncher.HOME_LABEL,
                home.toAbsolutePath().toString());
    }

    @Override
    public Workload launch(InstancePlan given, OutputListener output) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>(given.labels());
        labels.putAll(ownLabels);
        InstancePlan plan = new InstancePlan(given.region(), given.endpointName(), given.variantName(),
                given.instanceId(), given.container(), given.modelDir(), given.baseDir(), given.port(),
                given.safePortRange(), labels, given.isolated());
        Placement placement;
        try {
            placement = selector.place(plan.container().image());
        } catch (PlacementException e) {
            if (selector.modeFor(plan.container().image()) == RuntimeSelector.Mode.DOCKER) {
                throw new IOException(e.getMessage(), e);
            }
            // Not a local image and not mapped: the process launcher serves it with Sagebox's model server.
            return processes.launch(plan, output);
        }
        if (!(placement instanceof Placement.Container container)
                || !(container.runtime() instanceof DockerWorkloadRuntime docker)) {
            return processes.launch(plan, output);
        }
        boolean bindsToPort = "true".equalsIgnoreCase(
                docker.imageLabels(container.localImage()).get(ACCEPT_BIND_TO_PORT));
        if (plan.isolated()) {
            output.line(OutputSource.STDERR, "Sagebox: EnableNetworkIsolation: a container with no network cannot "
                    + "be reached on a host port, so this one shares the host network but gets no AWS endpoint or "
                    + "credentials.", Instant.now());
        }
        if (bindsToPort) {
            return docker.start(spec(plan, container.localImage(), environment(plan, true)), output);
        }
        return startOn8080(plan, container.localImage(), docker, output);
    }

    /** An image that ignores {@code SAGEMAKER_BIND_TO_PORT}: it gets host port 8080 or the instance fails. */
    private Workload startOn8080(InstancePlan plan, String image, DockerWorkloadRuntime docker, OutputListener output)
            throws IOException {
        String why = "image " + plan.container().image() + " has no label " + ACCEPT_BIND_TO_PORT + "=true, so it "
                + "listens on port 8080, and this Docker engine offers only host networking";
        if (!port8080Taken.compareAndSet(false, true)) {
            throw new IOException(why + "; another instance of such an image already holds 8080 (they run one at a "
                    + "time)");
        }
        try {
            if (!isFree(DEFAULT_PORT)) {
                throw new IOException(why + "; host port 8080 is in use by another program");
            }
            output.line(OutputSource.STDERR, "Sagebox: " + why + "; serving on host port 8080.", Instant.now());
            Workload workload = docker.start(spec(plan, image, environment(plan, false)), output);
            workload.onExit().whenComplete((status, error) -> port8080Taken.set(false));
            return new FixedPortWorkload(workload, DEFAULT_PORT);
        } catch (IOException | RuntimeException e) {
            port8080Taken.set(false);
            throw e;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static WorkloadSpec spec(InstancePlan plan, String image, Map<String, String> env) {
        ContainerOptions options = new ContainerOptions(null, null, List.of(), false,
                plan.endpointName() + "-" + plan.instanceId());
        return WorkloadSpec.container(image, options, List.of("serve"), env,
                List.of(new Mount(plan.modelDir(), "/opt/ml/model", true)), plan.labels(), Limits.none(), false);
    }

    /** §6.3: the port variables, the §4.2 AWS variables (none when isolated), then the model's Environment. */
    private Map<String, String> environment(InstancePlan plan, boolean bindsToPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", plan.region().name());
        env.put("AWS_DEFAULT_REGION", plan.region().name());
        String url = endpointUrl.get();
        if (!plan.isolated() && url != null) {
            env.put("AWS_ENDPOINT_URL", url);
            env.put("AWS_ENDPOINT_URL_S3", url);
            env.put("S3_ENDPOINT_URL", url);
            env.put("AWS_ACCESS_KEY_ID", "sagebox");
            env.put("AWS_SECRET_ACCESS_KEY", "sagebox");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        }
        env.putAll(plan.container().environmentOrEmpty());
        if (bindsToPort) {
            env.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(plan.port()));
            env.put("SAGEMAKER_SAFE_PORT_RANGE", plan.safePortRange());
        }
        return env;
    }

    @Override
    public void reapOrphans() {
        selector.reapOrphans(ownLabels);
    }
}
