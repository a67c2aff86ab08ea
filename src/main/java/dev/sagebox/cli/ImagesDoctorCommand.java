package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.images.Check;
import dev.sagebox.images.FrameworkImages;
import dev.sagebox.images.ImageEngine;
import dev.sagebox.images.ImageLookupException;
import dev.sagebox.images.ImageQuery;
import dev.sagebox.images.Readiness;
import dev.sagebox.images.RequestImages;
import dev.sagebox.jobs.ProcessImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sagebox images doctor}: a checklist of what offline work needs, exit code 1 when something is missing. */
@Command(name = "doctor",
        description = "Check readiness for offline work: engine, images, disk space, process-runtime Python. "
                + "Exits 1 when not ready.")
final class ImagesDoctorCommand implements Callable<Integer> {
    /** Only --help: this command's --version names a framework version, not Sagebox's. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--framework", paramLabel = "F", description = "Check the images of this framework version.")
    String framework;

    @Option(names = "--version", paramLabel = "V", description = "The framework version (with --framework).")
    String version;

    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "training or inference (default: both) with --framework.")
    String scope;

    @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "R",
            description = "Region of the framework images (default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--gpu", description = "Check the GPU images of --framework instead of the CPU ones.")
    boolean gpu;

    @Option(names = "--request", paramLabel = "FILE",
            description = "A CreateTrainingJob, CreateModel or CreateProcessingJob request (JSON, or an array).")
    List<Path> requests = List.of();

    @Option(names = "--min-free", defaultValue = "2147483648", paramLabel = "BYTES",
            description = "Free disk space required (default 2 GiB).")
    long minFree;

    @Mixin
    ImagesOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((framework == null) != (version == null)) {
            return ImagesCommand.fail(err, "--framework and --version go together");
        }
        SageboxConfig config = options.config();
        Set<String> images = new LinkedHashSet<>();
        try {
            if (framework != null) {
                for (String s : scope == null ? List.of("training", "inference") : List.of(scope)) {
                    images.add(FrameworkImages.shipped().resolve(new ImageQuery(framework, version, null, s,
                            gpu ? "gpu" : null, region, null)));
                }
            }
            for (Path request : requests) {
                Set<String> found = RequestImages.in(request);
                if (found.isEmpty()) {
                    return ImagesCommand.fail(err, "no image found in " + request + " (expected "
                            + "AlgorithmSpecification.TrainingImage, PrimaryContainer.Image, Containers[].Image or "
                            + "AppSpecification.ImageUri)");
                }
                images.addAll(found);
            }
        } catch (ImageLookupException | IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
        try (ImageEngine engine = options.engine(config)) {
            Path mapping = Path.of(config.get(SageboxConfig.PROCESS_IMAGES,
                    config.home().resolve("process-images.json").toString()));
            boolean processOnly = "process".equals(config.get(SageboxConfig.RUNTIME));
            List<Check> checks = new Readiness(new Readiness.Setup(processOnly ? null : engine,
                    options.aliases(config),
                    new ProcessImages(mapping), config.home(), minFree,
                    config.get(SageboxConfig.PROCESS_PYTHON, "python3"))).check(images);
            long blocking = checks.stream().filter(Check::blocks).count();
            for (Check check : checks) {
                out.println((check.ok() ? "\u2713 " : check.required() ? "\u2717 " : "- ") + check.label()
                        + (check.ok() || check.hint() == null ? "" : "\n    " + check.hint()));
            }
            out.println(blocking == 0 ? "Ready for offline work."
                    : "Not ready: " + blocking + " problem" + (blocking == 1 ? "" : "s") + ".");
            out.flush();
            return blocking == 0 ? 0 : 1;
        } catch (IOException e) {
            return ImagesCommand.fail(err, e.getMessage());
        }
    }
}
