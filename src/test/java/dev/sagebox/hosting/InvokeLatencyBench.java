package dev.sagebox.hosting;

import dev.sagebox.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures InvokeEndpoint's added latency: the same echo container called through Sagebox and directly, alternating,
 * one call at a time. Run by hand: {@code java -cp <test classpath> dev.sagebox.hosting.InvokeLatencyBench [calls]}.
 */
public final class InvokeLatencyBench {
    private InvokeLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        TestServer server = TestServer.start();
        try {
            HostingFixture.install(server);
            Path portFile = server.home().resolve("fixture/echo.port");
            HostingFixture.deployEcho(server.sageMaker(), "bench", portFile);
            System.out.println("endpoint: " + HostingFixture.awaitSettled(server.sageMaker(), "bench").failureReason());
            int port = Integer.parseInt(Files.readString(portFile).trim());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest viaSagebox = post(server.endpoint() + "/endpoints/bench/invocations");
            HttpRequest direct = post("http://127.0.0.1:" + port + "/invocations");
            long[] through = new long[calls];
            long[] straight = new long[calls];
            for (int i = 0; i < calls + 500; i++) {
                long a = time(http, viaSagebox);
                long b = time(http, direct);
                if (i >= 500) {
                    through[i - 500] = a;
                    straight[i - 500] = b;
                }
            }
            Arrays.sort(through);
            Arrays.sort(straight);
            System.out.printf("sagebox p50 %.3f ms p99 %.3f ms; direct p50 %.3f ms p99 %.3f ms; added p50 %.3f ms%n",
                    ms(through[calls / 2]), ms(through[calls * 99 / 100]), ms(straight[calls / 2]),
                    ms(straight[calls * 99 / 100]), ms(through[calls / 2] - straight[calls / 2]));
        } finally {
            server.close();
            server.delete();
        }
    }

    private static HttpRequest post(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2,3]")).build();
    }

    private static long time(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
        }
        return System.nanoTime() - start;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
