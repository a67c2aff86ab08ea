package dev.sagebox.processing.run;

import dev.sagebox.jobs.ChannelStager;
import dev.sagebox.jobs.HostsOutcome;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.OutputTail;
import dev.sagebox.jobs.StagedFile;
import dev.sagebox.jobs.StagingException;
import dev.sagebox.logs.LogShipper;
import dev.sagebox.logs.LogWriter;
import dev.sagebox.processing.ProcessingJob;
import dev.sagebox.processing.api.ProcessingInput;
import dev.sagebox.processing.api.ProcessingOutput;
import dev.sagebox.processing.api.ProcessingS3Input;
import dev.sagebox.runtime.ExitStatus;
import dev.sagebox.runtime.Workload;
import dev.sagebox.runtime.WorkloadRuntime;
import dev.sagebox.runtime.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One host ({@code algo-<n>}) of a processing job: its {@code /opt/ml} tree with {@code config/}, the inputs staged
 * at their {@code LocalPath}s (this host's shard of a ShardedByS3Key input), the output directories, its workload and
 * its log stream.
 */
final class ProcessingHost implements HostsOutcome.Host {
    static final String LOG_GROUP = "/aws/sagemaker/ProcessingJobs";
    private static final int TAIL_LINES = 10;
    private static final int MAX_EXIT_MESSAGE = 1024;

    private final int index;
    private final Path hostDir;
    private final OptMl layout;
    private final List<StagedFile> staged = new ArrayList<>();
    private final List<Path> inputDirs = new ArrayList<>();
    private final OutputTail tail = new OutputTail(TAIL_LINES);
    private Workload workload;
    private LogWriter log;

    private ProcessingHost(int index, Path hostDir) {
        this.index = index;
        this.hostDir = hostDir;
        this.layout = new OptMl(hostDir.resolve("opt").resolve("ml"));
    }

    String name() {
        return "algo-" + (index + 1);
    }

    int index() {
        return index;
    }

    Path hostDir() {
        return hostDir;
    }

    OptMl layout() {
        return layout;
    }

    Path config() {
        return layout.root().resolve("config");
    }

    List<StagedFile> staged() {
        return staged;
    }

    /** Where a container path such as an input or output {@code LocalPath} lies in this host's tree. */
    Path local(String containerPath) {
        return Path.of(layout.rewrite(containerPath.replaceAll("/+$", "")));
    }

    /**
     * Creates the host's tree, writes its config files, stages its inputs by hard links (copies with
     * {@code writableInputs}) and creates the output directories. Inputs and config are then made read-only.
     */
    static ProcessingHost prepare(ProcessingJob job, Path jobDir, int index, ChannelStager stager,
                                  boolean writableInputs) throws IOException, StagingException {
        ProcessingHost host = new ProcessingHost(index, jobDir.resolve("algo-" + (index + 1)));
        Files.createDirectories(host.config());
        Files.createDirectories(host.layout.output());
        ProcessingJobFiles.write(job, host.config(), index);
        int hostCount = job.spec().processingResources().hostCount();
        for (ProcessingInput input : job.spec().inputs()) {
            ProcessingS3Input s3 = input.s3Input();
            Path dir = host.local(s3.localPath());
            host.inputDirs.add(dir);
            host.staged.addAll(stager.stage(input.inputName(), s3.s3Uri(), s3.s3DataType(), dir, index, hostCount,
                    s3.isSharded()));
        }
        for (ProcessingOutput output : job.spec().outputs()) {
            Files.createDirectories(host.local(output.s3Output().localPath()));
        }
        if (!writableInputs) {
            for (Path dir : host.inputDirs) {
                ChannelStager.setDirectoriesWritable(dir, false);
            }
        }
        ChannelStager.setDirectoriesWritable(host.config(), false);
        return host;
    }

    List<Path> inputDirs() {
        return inputDirs;
    }

    /** Opens the host's log stream, writes the banner and starts the workload; output lines go to the log. */
    void start(ProcessingJob job, WorkloadRuntime runtime, WorkloadSpec spec, String banner, LogShipper logs,
               Instant startedAt) throws IOException {
        log = logs.openStream(job.region(), LOG_GROUP, job.name() + "/" + name() + "-" + startedAt.getEpochSecond());
        log.append(banner);
        LogWriter writer = log;
        workload = runtime.start(spec, (source, line, at) -> {
            try {
                writer.append(line);
            } catch (IllegalStateException closed) {
                // the job is being torn down; the line still counts for the failure reason
            }
            tail.add(line);
        });
    }

    @Override
    public Workload workload() {
        return workload;
    }

    /** {@code ExitMessage}: the first 1024 bytes of {@code /opt/ml/output/message} (CONTRACTS §8.2), or null. */
    String exitMessage() throws IOException {
        Path message = layout.output().resolve("message");
        if (!Files.isRegularFile(message)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(message)) {
            String text = new String(in.readNBytes(MAX_EXIT_MESSAGE), StandardCharsets.UTF_8);
            return text.isEmpty() ? null : text;
        }
    }

    /** The {@code <text>} of {@code AlgorithmError: <text>, exit code: <n>}, most telling first. */
    String failureText(ExitStatus status) throws IOException {
        String message = exitMessage();
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        if (status instanceof ExitStatus.OomKilled) {
            return "Out of memory: the container was killed";
        }
        String lines = tail.text();
        return lines == null ? "See job logs for more information" : lines;
    }

    /** Kills a still-running workload, stores the last log lines and gives inputs and config their write bit. */
    void close() {
        if (workload != null && !workload.onExit().isDone()) {
            workload.stop(Duration.ZERO);
        }
        if (log != null) {
            log.close();
        }
        try {
            for (Path dir : inputDirs) {
                ChannelStager.setDirectoriesWritable(dir, true);
            }
            ChannelStager.setDirectoriesWritable(config(), true);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ProcessingHost.class).warn("cannot restore permissions under {}: {}",
                    layout.root(), e.getMessage());
        }
    }
}
