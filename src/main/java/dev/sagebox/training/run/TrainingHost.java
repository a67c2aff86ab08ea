package dev.sagebox.training.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.HostsOutcome;
import dev.sagebox.jobs.CheckpointSync;
import dev.sagebox.jobs.MetricScraper;
import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.OutputTail;
import dev.sagebox.jobs.StagedFile;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.jobs.StagingException;
import dev.sagebox.jobs.placement.InstanceTypes;
import dev.sagebox.jobs.placement.Placement;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Mount;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadSpec;
import dev.sagebox.training.Channel;
import dev.sagebox.training.CheckpointConfig;
import dev.sagebox.training.S3DataSource;
import dev.sagebox.training.TrainingJob;
import dev.sagebox.training.TrainingJobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One host ({@code algo-<n>}) of a training job: its tree, staged channels, workload and log stream. */
final class TrainingHost implements HostsOutcome.Host {
    static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";
    private static final int TAIL_LINES = 10;

    private final int index;
    private final Path hostDir;
    private final OptMl layout;
    private final List<StagedFile> staged = new ArrayList<>();
    private final List<Mount> channelMounts = new ArrayList<>();
    private final OutputTail tail = new OutputTail(TAIL_LINES);
    private Workload workload;
    private LogWriter log;
    private CheckpointSync checkpoints;

    private TrainingHost(int index, Path hostDir, OptMl layout) {
        this.index = index;
        this.hostDir = hostDir;
        this.layout = layout;
    }

    String name() {
        return "algo-" + (index + 1);
    }

    OptMl layout() {
        return layout;
    }

    List<StagedFile> staged() {
        return staged;
    }

    /**
     * Creates the host's tree, writes its config files and stages its channels, read-only. With
     * {@code bindLocalDirectories} (a container), a {@code file://} directory channel is not copied but becomes a
     * read-only bind mount of the user's directory (CONTRACTS §4.3).
     */
    static TrainingHost prepare(TrainingJob job, Path jobDir, int index, int hostCount, ChannelStager stager,
                                ObjectFiles objects, boolean bindLocalDirectories)
            throws IOException, StagingException {
        Path hostDir = jobDir.resolve("algo-" + (index + 1));
        TrainingHost host = new TrainingHost(index, hostDir, OptMl.create(hostDir));
        TrainingJobFiles.write(job, host.layout, index);
        for (Channel channel : job.spec().inputDataConfig() == null ? List.<Channel>of()
                : job.spec().inputDataConfig()) {
            S3DataSource source = channel.dataSource().s3DataSource();
            Path local = bindLocalDirectories ? bindableDirectory(source, hostCount) : null;
            if (local != null) {
                Files.createDirectories(host.layout.channel(channel.channelName()));
                host.channelMounts.add(new Mount(local, OptMl.CONTAINER_ROOT + "/input/data/"
                        + channel.channelName(), true));
                continue;
            }
            host.staged.addAll(stager.stage(channel.channelName(), source.s3Uri(), source.s3DataType(),
                    host.layout.channel(channel.channelName()), index, hostCount,
                    "ShardedByS3Key".equals(source.s3DataDistributionType())));
        }
        CheckpointConfig checkpoint = job.spec().checkpointConfig();
        if (checkpoint != null) {
            String localPath = checkpoint.localPath() == null ? "/opt/ml/checkpoints" : checkpoint.localPath();
            if (!localPath.equals(OptMl.CONTAINER_ROOT) && !localPath.startsWith(OptMl.CONTAINER_ROOT + "/")) {
                throw new StagingException("CheckpointConfig.LocalPath " + localPath + " is outside /opt/ml, which"
                        + " the process runtime cannot map without bwrap");
            }
            host.checkpoints = new CheckpointSync(objects, checkpoint.s3Uri(),
                    Path.of(host.layout.rewrite(localPath)));
            host.checkpoints.restore();
        }
        ChannelStager.setDirectoriesWritable(host.layout.data(), false);
        ChannelStager.setDirectoriesWritable(host.layout.config(), false);
        return host;
    }

    /** A {@code file://} directory holding files, seen whole by every host: what a bind mount can stand for. */
    private static Path bindableDirectory(S3DataSource source, int hostCount) throws IOException {
        S3Location location = S3Location.parse(source.s3Uri());
        boolean sharded = "ShardedByS3Key".equals(source.s3DataDistributionType()) && hostCount > 1;
        if (!location.isFile() || sharded || "ManifestFile".equals(source.s3DataType())) {
            return null;
        }
        Path dir = Path.of(location.key());
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            // An empty directory goes to the stager, which fails it as the cloud fails an empty prefix.
            return files.anyMatch(Files::isRegularFile) ? dir : null;
        }
    }

    /**
     * How a job's hosts start: where the job was placed, and for a host process what it runs.
     *
     * @param command    what a host process runs; null for a container
     * @param scriptMode script mode's program and venv cache; null unless the command is script mode
     */
    record Launch(Placement placement, TrainingCommand command, ScriptModeSetup scriptMode,
                  InstanceTypes instanceTypes, String baseUrl) {
    }

    /** Opens the host's log stream and starts its workload; every output line goes to the log and the metrics. */
    void start(TrainingJob job, Launch launch, LogShipper logs, MetricScraper metrics, Instant startedAt)
            throws IOException {
        log = logs.openStream(job.region(), LOG_GROUP, job.name() + "/" + name() + "-" + startedAt.getEpochSecond());
        Map<String, String> labels = Map.of("sagebox.arn", job.arn(), "sagebox.host", name(),
                TrainingJobRunner.JOBS_LABEL, hostDir.getParent().getParent().toString());
        String image = job.spec().algorithmSpecification().trainingImage();
        WorkloadSpec spec = switch (launch.placement()) {
            case Placement.Container container -> {
                log.append("Sagebox: running " + image + (container.localImage().equals(image) ? ""
                        : " as local image " + container.localImage()) + " in a Docker container");
                yield ContainerTrainingSpec.of(job, container.localImage(), index, layout, channelMounts,
                        launch.baseUrl(), labels, launch.instanceTypes());
            }
            case Placement.HostProcess process -> processSpec(job, launch, labels);
        };
        LogWriter writer = log;
        workload = launch.placement().runtime().start(spec, (source, line, at) -> {
            try {
                writer.append(line);
            } catch (IllegalStateException closed) {
                // the job is being torn down; the line still counts for the failure reason and metrics
            }
            tail.add(line);
            metrics.accept(line, at);
        });
    }

    private WorkloadSpec processSpec(TrainingJob job, Launch launch, Map<String, String> labels) throws IOException {
        HostProcessSpec process = HostProcessSpec.of(job, launch.command(), launch.scriptMode(), launch.baseUrl(),
                layout, hostDir, labels, channelMounts, launch.placement().runtime().honoursMounts());
        log.append(process.banner());
        return process.spec();
    }

    /** Uploads changed checkpoint files, if the job has a CheckpointConfig. */
    void syncCheckpoints() throws IOException {
        if (checkpoints != null) {
            checkpoints.upload();
        }
    }

    @Override
    public Workload workload() {
        return workload;
    }

    /** The {@code <text>} of {@code AlgorithmError: <text>, exit code: <n>} (CONTRACTS §3.2). */
    String failureText(ExitStatus status) throws IOException {
        if (Files.isRegularFile(layout.failure())) {
            String failure = Files.readString(layout.failure(), StandardCharsets.UTF_8);
            if (!failure.isBlank()) {
                return failure.length() > 1024 ? failure.substring(0, 1024) : failure;
            }
        }
        if (status instanceof ExitStatus.OomKilled) {
            return "Out of memory: the container was killed";
        }
        String lines = tail.text();
        return lines == null ? "See job logs for more information" : lines;
    }

    /** Kills a still-running workload, stores the last log lines and gives the channels back their write bit. */
    void close() {
        if (workload != null && !workload.onExit().isDone()) {
            workload.stop(Duration.ZERO);
        }
        if (log != null) {
            log.close();
        }
        try {
            ChannelStager.setDirectoriesWritable(layout.data(), true);
            ChannelStager.setDirectoriesWritable(layout.config(), true);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(TrainingHost.class).warn("cannot restore permissions under {}: {}",
                    layout.root(), e.getMessage());
        }
    }
}
