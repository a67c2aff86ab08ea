package dev.sagebox.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.Sagebox;
import dev.sagebox.SageboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sagebox demo}: the whole offline loop in one command. It starts an embedded server, uploads a data set,
 * trains a script-mode model on the process runtime, deploys it, invokes it and cleans up, all through the same
 * HTTP API that boto3 or the AWS CLI would use.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train, deploy and invoke a tiny model offline, showing each step (needs only python3).")
final class DemoCommand implements Callable<Integer> {
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sagebox-demo:1.0";
    static final String BUCKET = "sagebox-demo";
    static final String NAME = "sagebox-demo";

    @Option(names = "--keep", description = "Keep the data dir (and its objects, logs and state) afterwards.")
    boolean keep;

    @Option(names = "--python", defaultValue = "python3", description = "The Python that trains and serves.")
    String python;

    @Option(names = "--verbose", description = "Show the server's own log lines (access log included).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The access log would bury the demo's own lines; the level goes back afterwards for in-process callers.
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        if (!verbose) {
            root.setLevel(Level.WARN);
        }
        Path home = Files.createTempDirectory("sagebox-demo-");
        DemoSteps.Progress progress = new DemoSteps.Progress(out);
        int code;
        Map<String, String> settings = new HashMap<>();
        settings.put(SageboxConfig.HOME, home.toString());
        settings.put(SageboxConfig.PORT, "0");
        try (Sagebox sagebox = Sagebox.start(SageboxConfig.of(settings))) {
            progress.step("Started Sagebox on %s (data dir %s)", sagebox.baseUrl(), home);
            Files.writeString(home.resolve("process-images.json"),
                    new ObjectMapper().writeValueAsString(Map.of("images",
                            List.of(Map.of("image", "*/sagebox-demo:*", "python", python)))));
            progress.step("Mapped image %s to %s (process image mapping: %s)", IMAGE, python,
                    home.resolve("process-images.json"));
            URI url = URI.create(sagebox.baseUrl() + "/");
            try (LogsApi api = new LogsApi(url); DemoHttp http = new DemoHttp(url)) {
                code = new DemoSteps(api, http, progress, home, url).run(spec.commandLine());
            }
        } finally {
            root.setLevel(level);
            if (keep) {
                out.println("Kept the data dir: " + home);
            } else {
                deleteRecursively(home);
            }
            out.flush();
        }
        return code;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Reads one number out of the prediction JSON, for the side-by-side print. */
    static double firstPrediction(String body) throws IOException {
        JsonNode node = new ObjectMapper().readTree(body).path("predictions");
        return node.path(0).asDouble(Double.NaN);
    }

    static CommandLine logsCommand() {
        return new CommandLine(new LogsCommand());
    }
}
