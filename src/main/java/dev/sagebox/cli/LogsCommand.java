package dev.sagebox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sagebox logs <job>}: prints a training job's output (with {@code --processing}, a processing job's) from the
 * running server's CloudWatch Logs API, every host's stream merged by time, as the SageMaker SDK shows it. With
 * {@code --follow} it keeps polling until interrupted.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a training job's log (group /aws/sagemaker/TrainingJobs, streams <job>/*).")
final class LogsCommand implements Callable<Integer> {
    static final String TRAINING_GROUP = LogFollower.TRAINING_GROUP;
    static final String PROCESSING_GROUP = LogFollower.PROCESSING_GROUP;

    @Parameters(index = "0", paramLabel = "JOB", description = "The training job name.")
    String job;

    @Option(names = "--processing", description = "The job is a processing job (group " + PROCESSING_GROUP + ").")
    boolean processing;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The Sagebox server (default http://127.0.0.1:$SAGEBOX_PORT, port 4577 if unset).")
    String endpoint;

    @Option(names = "--poll-millis", hidden = true, defaultValue = "1000",
            description = "How often --follow asks for new lines.")
    long pollMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LogsApi api = new LogsApi(URI.create(endpoint == null ? defaultEndpoint() : endpoint))) {
            LogFollower logs = new LogFollower(api, group(), processing ? "Processing" : "Training", job, pollMillis,
                    out);
            try {
                if (follow) {
                    logs.follow();
                    return 0;
                }
                logs.printNewEvents();
                if (!logs.hasStreams()) {
                    err.println("sagebox: no logs for " + kind() + " job " + job + " (no streams " + job + "/* in "
                            + group() + ")");
                    return 1;
                }
                return 0;
            } catch (InterruptedException e) {
                return 0;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                err.println("sagebox: cannot reach the Sagebox server at " + api.endpoint()
                        + " (is `sagebox up` running? pass --endpoint or set SAGEBOX_PORT)");
                return 1;
            } catch (IOException e) {
                err.println("sagebox: " + api.endpoint() + ": " + e.getMessage());
                return 1;
            } catch (LogsApi.ApiException e) {
                err.println("sagebox: the server refused the request: " + e.code() + ": " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    private String group() {
        return processing ? PROCESSING_GROUP : TRAINING_GROUP;
    }

    private String kind() {
        return processing ? "processing" : "training";
    }

    private static String defaultEndpoint() {
        String port = System.getenv("SAGEBOX_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "4577" : port.trim());
    }
}
