package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
    static final String TRAINING_GROUP = "/aws/sagemaker/TrainingJobs";
    static final String PROCESSING_GROUP = "/aws/sagemaker/ProcessingJobs";

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

    /** Per stream, the token that continues after the last event printed. */
    private final Map<String, String> positions = new TreeMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LogsApi api = new LogsApi(URI.create(endpoint == null ? defaultEndpoint() : endpoint))) {
            try {
                printNewEvents(api, out);
                if (!follow && positions.isEmpty()) {
                    err.println("sagebox: no logs for " + kind() + " job " + job + " (no streams " + job + "/* in "
                            + group() + ")");
                    return 1;
                }
                while (follow) {
                    // Checked before the read, so the lines a job printed just before it ended are still shown.
                    boolean ended = hasEnded(api);
                    TimeUnit.MILLISECONDS.sleep(pollMillis);
                    printNewEvents(api, out);
                    if (ended) {
                        break;
                    }
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

    /** Whether the job is Completed, Failed or Stopped; a job the server does not know never ends. */
    private boolean hasEnded(LogsApi api) throws IOException, InterruptedException {
        try {
            String kind = processing ? "Processing" : "Training";
            String status = api.sageMaker("Describe" + kind + "Job", Map.of(kind + "JobName", job))
                    .path(kind + "JobStatus").asText("");
            return status.equals("Completed") || status.equals("Failed") || status.equals("Stopped");
        } catch (LogsApi.ApiException e) {
            return false;
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

    /** One pass: finds the job's streams, reads each past its last position and prints the events by time. */
    private void printNewEvents(LogsApi api, PrintWriter out)
            throws IOException, InterruptedException, LogsApi.ApiException {
        for (String stream : streams(api)) {
            positions.putIfAbsent(stream, null);
        }
        List<Line> lines = new ArrayList<>();
        for (String stream : new ArrayList<>(positions.keySet())) {
            lines.addAll(readNew(api, stream));
        }
        lines.sort(Comparator.comparingLong(Line::timestamp));
        boolean prefixed = positions.size() > 1;
        for (Line line : lines) {
            out.println(prefixed ? "[" + line.stream().substring(job.length() + 1) + "] " + line.message()
                    : line.message());
        }
        out.flush();
    }

    private List<String> streams(LogsApi api) throws IOException, InterruptedException, LogsApi.ApiException {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("logGroupName", group());
            request.put("logStreamNamePrefix", job + "/");
            request.put("limit", 50);
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode page;
            try {
                page = api.call("DescribeLogStreams", request);
            } catch (LogsApi.ApiException e) {
                if (e.code().equals("ResourceNotFoundException")) {
                    return names;  // no job has logged yet
                }
                throw e;
            }
            page.path("logStreams").forEach(stream -> names.add(stream.path("logStreamName").asText()));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        return names;
    }

    private List<Line> readNew(LogsApi api, String stream)
            throws IOException, InterruptedException, LogsApi.ApiException {
        List<Line> lines = new ArrayList<>();
        while (true) {
            Map<String, Object> request = new HashMap<>();
            request.put("logGroupName", group());
            request.put("logStreamName", stream);
            request.put("startFromHead", true);
            String token = positions.get(stream);
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode page = api.call("GetLogEvents", request);
            JsonNode events = page.path("events");
            positions.put(stream, page.path("nextForwardToken").asText(token));
            if (events.isEmpty()) {
                return lines;
            }
            events.forEach(event -> lines.add(new Line(stream, event.path("timestamp").asLong(),
                    event.path("message").asText())));
        }
    }

    private record Line(String stream, long timestamp, String message) {
    }
}
