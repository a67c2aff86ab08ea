package dev.sagebox.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /_sagebox/operations} lists what the codecs serve, and docs/coverage.md (generated from it and botocore
 * by {@code ./sagebox coverage}) must agree with it, so an operation cannot land without the table saying so.
 */
class CoverageDocIT {
    private static final Pattern SECTION = Pattern.compile("^## .*\\(`([a-z0-9-]+)`.*$");
    private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| yes \\| (executes|metadata) \\|$");

    private static TestServer server;
    private static JsonNode listing;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/_sagebox/operations")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            listing = new ObjectMapper().readTree(response.body()).get("services");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        server.delete();
    }

    @Test
    void operations_listEveryServiceWithWhatExecutesWork() {
        assertThat(served()).containsOnlyKeys("sagemaker", "sagemaker-runtime", "logs", "s3", "sts");
        assertThat(served().get("sagemaker")).containsEntry("CreateTrainingJob", "executes")
                .containsEntry("DescribeTrainingJob", "metadata").containsEntry("CreateEndpoint", "executes")
                .containsEntry("CreateModel", "metadata");
        assertThat(served().get("sagemaker-runtime")).containsEntry("InvokeEndpoint", "executes");
        assertThat(served().get("s3")).containsEntry("PutObject", "executes")
                .containsEntry("UploadPartCopy", "executes").containsEntry("ListObjectsV2", "metadata");
        assertThat(served().get("logs")).containsEntry("GetLogEvents", "metadata");
    }

    @Test
    void coverageDoc_listsExactlyTheOperationsTheServerServes() throws Exception {
        Path doc = ClientScripts.repoRoot().resolve("docs/coverage.md");
        Map<String, Map<String, String>> documented = new TreeMap<>();
        String service = null;
        for (String line : Files.readAllLines(doc)) {
            Matcher section = SECTION.matcher(line);
            Matcher row = ROW.matcher(line);
            if (section.matches()) {
                service = section.group(1);
                documented.put(service, new TreeMap<>());
            } else if (service != null && row.matches()) {
                documented.get(service).put(row.group(1), row.group(2));
            }
        }
        // As "service Operation kind" lines, so a failure names just the rows that differ.
        assertThat(rows(documented)).as("docs/coverage.md (actual) disagrees with GET /_sagebox/operations"
                + " (expected); regenerate it with ./sagebox coverage").containsExactlyElementsOf(rows(served()));
    }

    private static List<String> rows(Map<String, Map<String, String>> services) {
        List<String> rows = new ArrayList<>();
        services.forEach((service, operations) -> operations.forEach((name, kind) ->
                rows.add(service + " " + name + " " + kind)));
        return rows;
    }

    /** Service → operation → "executes" or "metadata", as the server lists them. */
    private static Map<String, Map<String, String>> served() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        listing.properties().forEach(service -> {
            Map<String, String> operations = out.computeIfAbsent(service.getKey(), k -> new TreeMap<>());
            service.getValue().forEach(op -> operations.put(op.get("name").asText(),
                    op.get("executes").asBoolean() ? "executes" : "metadata"));
        });
        return out;
    }
}
