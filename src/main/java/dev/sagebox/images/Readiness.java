package dev.sagebox.images;

import dev.sagebox.jobs.ProcessImage;
import dev.sagebox.jobs.ProcessImages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks behind {@code sagebox images doctor}: can this machine run the given images with no network? An image
 * is ready when the engine holds one of its local names (CONTRACTS §4.4) or the process image mapping serves it
 * with an interpreter or {@code train} program that exists.
 */
public final class Readiness {
    /**
     * What to check against.
     *
     * @param engine         the engine, or null when none should be asked
     * @param aliases        the alias file merged with {@code sagebox.images}
     * @param processImages  the process image mapping
     * @param dataDir        the data dir, whose file system needs room
     * @param minFreeBytes   the room it needs
     * @param defaultPython  {@code sagebox.process.python}
     */
    public record Setup(ImageEngine engine, Map<String, String> aliases, ProcessImages processImages, Path dataDir,
                        long minFreeBytes, String defaultPython) {
    }

    private final Setup setup;

    public Readiness(Setup setup) {
        this.setup = setup;
    }

    public List<Check> check(Collection<String> images) {
        List<Check> checks = new ArrayList<>();
        String engineProblem = null;
        if (setup.engine() == null) {
            engineProblem = "Docker not used (sagebox.runtime=process)";
        } else {
            try {
                checks.add(Check.pass("Docker engine " + setup.engine().ping() + " at " + setup.engine().host()));
            } catch (IOException e) {
                engineProblem = e.getMessage();
            }
        }
        List<Check> imageChecks = new ArrayList<>();
        boolean allByProcess = !images.isEmpty();
        for (String image : images) {
            ImageCheck result = image(image, engineProblem == null);
            allByProcess &= result.byProcess();
            imageChecks.add(result.check());
        }
        if (engineProblem != null) {
            // Jobs whose images all map to the process runtime run without an engine, so its absence is only news.
            checks.add(allByProcess || setup.engine() == null
                    ? Check.note(engineProblem, "only the process runtime will run jobs")
                    : Check.fail(engineProblem, "start Docker (or set DOCKER_HOST / sagebox.docker.host)"));
        }
        checks.addAll(imageChecks);
        checks.add(diskSpace(setup.dataDir(), "data dir"));
        if (setup.engine() != null && engineProblem == null) {
            setup.engine().rootDirectory().filter(Files::isDirectory).map(dir -> diskSpace(dir, "Docker storage"))
                    .ifPresent(checks::add);
        }
        checks.addAll(interpreters());
        return checks;
    }

    private record ImageCheck(Check check, boolean byProcess) {
    }

    private ImageCheck image(String image, boolean engineUp) {
        if (engineUp) {
            try {
                for (String name : ImageNames.candidates(image, setup.aliases())) {
                    if (setup.engine().exists(name)) {
                        return new ImageCheck(Check.pass("image " + image + (name.equals(image) ? "" : " as " + name)
                                + " (Docker)"), false);
                    }
                }
            } catch (IOException e) {
                return new ImageCheck(Check.fail("image " + image + ": " + e.getMessage(), null), false);
            }
        }
        Optional<ProcessImage> mapped;
        try {
            mapped = setup.processImages().find(image);
        } catch (IOException e) {
            return new ImageCheck(Check.fail("image " + image + ": " + e.getMessage(), null), false);
        }
        if (mapped.isPresent()) {
            Check runner = runner(mapped.get());
            return new ImageCheck(new Check(runner.ok(), true, "image " + image + " via the process runtime: "
                    + runner.label(), runner.hint()), runner.ok());
        }
        return new ImageCheck(Check.fail("image " + image + " is not in the local cache",
                "run \"sagebox images pull " + image + "\" while online, or map it to a local runtime"), false);
    }

    private Check runner(ProcessImage mapping) {
        if (mapping.directory() != null && !mapping.isScriptMode()) {
            Path train = mapping.program("train");
            return Files.isExecutable(train) ? Check.pass("program " + train)
                    : Check.fail("program " + train + " is missing or not executable", "chmod +x it or fix "
                            + setup.processImages().file());
        }
        String python = mapping.python() != null ? mapping.python() : setup.defaultPython();
        return executable(python).map(p -> Check.pass("python " + p))
                .orElseGet(() -> Check.fail("python " + python + " not found", "create the venv or fix "
                        + setup.processImages().file()));
    }

    private List<Check> interpreters() {
        String python = setup.defaultPython();
        return List.of(executable(python)
                .map(p -> Check.pass("process runtime python " + python + " (" + p + ")"))
                .orElseGet(() -> Check.note("process runtime python " + python + " not found",
                        "install it or set sagebox.process.python; only script-mode jobs on the process runtime "
                                + "need it")));
    }

    private Check diskSpace(Path dir, String what) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Check.fail("disk space for " + what + " " + dir + ": no such directory", null);
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String label = "disk space for " + what + " " + dir + ": " + ProgressBar.bytes(free) + " free";
            return free >= setup.minFreeBytes() ? Check.pass(label)
                    : Check.fail(label + ", less than " + ProgressBar.bytes(setup.minFreeBytes()),
                            "free some space (docker image prune, old job directories)");
        } catch (IOException e) {
            return Check.fail("disk space for " + what + " " + dir + ": cannot read (" + e.getMessage() + ")", null);
        }
    }

    /** The interpreter's path: as given when it has a slash, else the first match on PATH. */
    static Optional<Path> executable(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
