package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sagebox endpoints reload NAME}: restarts an endpoint's instances from fresh code and model data, blue/green,
 * so no call fails. With {@code --watch} it reloads each time a {@code file://} code or model directory changes.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Restart an endpoint's instances from fresh code and model data, with no failed calls.")
final class EndpointsReloadCommand implements Callable<Integer> {
    private static final long SETTLE_DEADLINE_MILLIS = 15 * 60_000;

    @Parameters(index = "0", paramLabel = "NAME", description = "The endpoint name.")
    String name;

    @Option(names = "--watch", description = "Reload whenever a file:// code or model directory changes (Ctrl-C ends).")
    boolean watch;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The Sagebox server (default http://127.0.0.1:$SAGEBOX_PORT, port 4577 if unset).")
    String endpoint;

    @Option(names = "--poll-millis", hidden = true, defaultValue = "500",
            description = "How often --watch looks at the directories and the reload at the endpoint status.")
    long pollMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI url = URI.create(endpoint == null ? defaultEndpoint() : endpoint);
        try (LogsApi api = new LogsApi(url)) {
            if (!watch) {
                return reload(api, out, err) ? 0 : 1;
            }
            List<Path> dirs = WatchedDirectories.of(api, name);
            if (dirs.isEmpty()) {
                err.println("sagebox: endpoint " + name + " serves no file:// code or model directory to watch");
                return 1;
            }
            out.println("Watching " + dirs + " (Ctrl-C stops)");
            out.flush();
            WatchedDirectories watched = new WatchedDirectories(dirs);
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.MILLISECONDS.sleep(pollMillis);
                if (watched.changed()) {
                    out.println("Change seen in " + dirs);
                    reload(api, out, err);
                }
            }
            return 0;
        } catch (InterruptedException e) {
            return 0;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println("sagebox: cannot reach the Sagebox server at " + url
                    + " (is `sagebox up` running? pass --endpoint or set SAGEBOX_PORT)");
            return 1;
        } catch (IOException e) {
            err.println("sagebox: " + url + ": " + e.getMessage());
            return 1;
        } catch (LogsApi.ApiException e) {
            err.println("sagebox: the server refused the request: " + e.code() + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Asks for the reload, then waits for the endpoint to leave Updating and says how it went. */
    private boolean reload(LogsApi api, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException, LogsApi.ApiException {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(api.endpoint().resolve("/_sagebox/endpoints/" + name
                            + "/reload")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 202) {
            err.println("sagebox: cannot reload endpoint " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
            err.flush();
            return false;
        }
        JsonNode described = settled(api);
        double seconds = (System.nanoTime() - started) / 1e9;
        String failure = described.path("FailureReason").asText("");
        if (!described.path("EndpointStatus").asText().equals("InService") || !failure.isEmpty()) {
            err.printf("sagebox: reload of %s failed after %.2f s (%s): %s%n", name, seconds,
                    described.path("EndpointStatus").asText(), failure);
            err.flush();
            return false;
        }
        out.printf("Reloaded endpoint %s in %.2f s: new instances serve, the old ones drained%n", name, seconds);
        out.flush();
        return true;
    }

    private JsonNode settled(LogsApi api) throws IOException, InterruptedException, LogsApi.ApiException {
        long deadline = System.currentTimeMillis() + SETTLE_DEADLINE_MILLIS;
        while (true) {
            JsonNode d = api.sageMaker("DescribeEndpoint", Map.of("EndpointName", name));
            if (!d.path("EndpointStatus").asText().equals("Updating") || System.currentTimeMillis() > deadline) {
                return d;
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(pollMillis, 100));
        }
    }

    private static String defaultEndpoint() {
        String port = System.getenv("SAGEBOX_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "4577" : port.trim());
    }
}
