package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prints a training (or processing) job's log, every host's stream merged by time as the SageMaker SDK shows it,
 * and with {@link #follow} keeps polling until the job ends. {@code sagebox logs} reads the local server through
 * it, and {@code sagebox promote --wait} reads the target's CloudWatch Logs and SageMaker through the same loop.
 */
final class LogFollower {
    static final String TRAINING_GROUP = "/aws/sagemaker/TrainingJobs";
    static final String PROCESSING_GROUP = "/aws/sagemaker/ProcessingJobs";

    /** The two APIs the loop reads: CloudWatch Logs and SageMaker's DescribeTrainingJob. */
    interface Source {
        JsonNode logs(String operation, Map<String, ?> request)
                throws IOException, InterruptedException, LogsApi.ApiException;

        JsonNode sageMaker(String operation, Map<String, ?> request)
                throws IOException, InterruptedException, LogsApi.ApiException;
    }

    private final Source source;
    private final String group;
    /** {@code Training} or {@code Processing}: names the Describe call, its name member and its status member. */
    private final String kind;
    private final String job;
    private final long pollMillis;
    private final PrintWriter out;
    /** Per stream, the token that continues after the last event printed. */
    private final Map<String, String> positions = new TreeMap<>();
    private boolean showStatus;
    private String lastStatus = "";

    /** Follows a training job. */
    LogFollower(Source source, String job, long pollMillis, PrintWriter out) {
        this(source, TRAINING_GROUP, "Training", job, pollMillis, out);
    }

    LogFollower(Source source, String group, String kind, String job, long pollMillis, PrintWriter out) {
        this.source = source;
        this.group = group;
        this.kind = kind;
        this.job = job;
        this.pollMillis = pollMillis;
        this.out = out;
    }

    /** Also prints each new status and secondary status, as the SageMaker SDK's {@code wait} does. */
    LogFollower showingStatus() {
        showStatus = true;
        return this;
    }

    /** Whether any stream of the job was seen. */
    boolean hasStreams() {
        return !positions.isEmpty();
    }

    /** Prints until the job is Completed, Failed or Stopped; returns that status. */
    String follow() throws IOException, InterruptedException, LogsApi.ApiException {
        printNewEvents();
        while (true) {
            // Checked before the read, so the lines a job printed just before it ended are still shown.
            String status = status();
            TimeUnit.MILLISECONDS.sleep(pollMillis);
            printNewEvents();
            if (isTerminal(status)) {
                return status;
            }
        }
    }

    static boolean isTerminal(String status) {
        return status.equals("Completed") || status.equals("Failed") || status.equals("Stopped");
    }

    /** The job's status; a job the server does not know has none, and never ends. */
    String status() throws IOException, InterruptedException {
        try {
            JsonNode described = source.sageMaker("Describe" + kind + "Job", Map.of(kind + "JobName", job));
            String status = described.path(kind + "JobStatus").asText("");
            String shown = status + " - " + described.path("SecondaryStatus").asText("");
            if (showStatus && !shown.equals(lastStatus)) {
                out.println("[" + job + "] " + shown);
                out.flush();
                lastStatus = shown;
            }
            return status;
        } catch (LogsApi.ApiException e) {
            return "";
        }
    }

    /** One pass: finds the job's streams, reads each past its last position and prints the events by time. */
    void printNewEvents() throws IOException, InterruptedException, LogsApi.ApiException {
        for (String stream : streams()) {
            positions.putIfAbsent(stream, null);
        }
        List<Line> lines = new ArrayList<>();
        for (String stream : new ArrayList<>(positions.keySet())) {
            lines.addAll(readNew(stream));
        }
        lines.sort(Comparator.comparingLong(Line::timestamp));
        boolean prefixed = positions.size() > 1;
        for (Line line : lines) {
            out.println(prefixed ? "[" + line.stream().substring(job.length() + 1) + "] " + line.message()
                    : line.message());
        }
        out.flush();
    }

    private List<String> streams() throws IOException, InterruptedException, LogsApi.ApiException {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("logGroupName", group);
            request.put("logStreamNamePrefix", job + "/");
            request.put("limit", 50);
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode page;
            try {
                page = source.logs("DescribeLogStreams", request);
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

    private List<Line> readNew(String stream) throws IOException, InterruptedException, LogsApi.ApiException {
        List<Line> lines = new ArrayList<>();
        while (true) {
            Map<String, Object> request = new HashMap<>();
            request.put("logGroupName", group);
            request.put("logStreamName", stream);
            request.put("startFromHead", true);
            String token = positions.get(stream);
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode page = source.logs("GetLogEvents", request);
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
