package dev.sagebox.hosting;

import dev.sagebox.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AsyncInferenceConfig;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;

/**
 * A BYO model for async and streaming tests. POST {@code fail} answers 500; {@code stream:N} writes N chunks 200 ms
 * apart; {@code break} writes one chunk and drops the connection; {@code stall} writes one chunk and then nothing
 * for 5 s; anything else waits 300 ms and answers
 * {@code <body>|<most requests seen in flight at once>}.
 */
final class AsyncFixture {
    static final String SLOW = "123456789012.dkr.ecr.us-east-1.amazonaws.com/slow:1.0";
    static final String SLOW_SERVE = """
            #!/usr/bin/env python3
            import http.server, os, threading, time
            lock = threading.Lock()
            state = {"now": 0, "max": 0}
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *args):
                    pass
                def reply(self, status, body):
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def chunk(self, data):
                    self.wfile.write(b"%x\\r\\n" % len(data) + data + b"\\r\\n")
                    self.wfile.flush()
                def do_GET(self):
                    self.reply(200, b"")
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    if body == b"fail":
                        self.reply(500, b"boom")
                        return
                    if body.startswith(b"stream:") or body in (b"break", b"stall"):
                        self.send_response(200)
                        self.send_header("Content-Type", "text/plain")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        count = int(body[7:]) if body.startswith(b"stream:") else 1
                        for i in range(count):
                            self.chunk(b"part%d;" % i)
                            time.sleep(0.2)
                        if body == b"stall":
                            time.sleep(5)
                        if body == b"break":
                            self.close_connection = True
                            self.connection.shutdown(2)
                            return
                        self.wfile.write(b"0\\r\\n\\r\\n")
                        return
                    with lock:
                        state["now"] += 1
                        state["max"] = max(state["max"], state["now"])
                    time.sleep(0.3)
                    with lock:
                        state["now"] -= 1
                        seen = state["max"]
                    self.reply(200, body + b"|%d" % seen)
            port = int(os.environ["SAGEMAKER_BIND_TO_PORT"])
            http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
            """;

    private AsyncFixture() {
    }

    /** Writes the model's directory and an image mapping for it into {@code server}'s data dir. */
    static void install(TestServer server) throws IOException {
        Path dir = Files.createDirectories(server.home().resolve("fixture/slow"));
        Path serve = dir.resolve("serve");
        Files.writeString(serve, SLOW_SERVE.stripLeading());
        Files.setPosixFilePermissions(serve, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(server.home().resolve("process-images.json"), """
                {"images": [{"image": "*/slow:*", "directory": "%s"}]}
                """.formatted(dir));
    }

    /** Deploys the model as {@code name}; {@code async} null makes a real-time-only endpoint. */
    static void deploy(SageMakerClient sm, String name, AsyncInferenceConfig async) {
        sm.createModel(b -> b.modelName(name).executionRoleArn("arn:aws:iam::000000000000:role/SageMakerRole")
                .primaryContainer(ContainerDefinition.builder().image(SLOW).build()));
        sm.createEndpointConfig(b -> b.endpointConfigName(name).asyncInferenceConfig(async)
                .productionVariants(HostingFixture.variant("AllTraffic", name, 1, 1f)));
        sm.createEndpoint(b -> b.endpointName(name).endpointConfigName(name));
        HostingFixture.assertInService(HostingFixture.awaitSettled(sm, name));
    }

    static AsyncInferenceConfig asyncConfig(String output, String failure, int perInstance) {
        return AsyncInferenceConfig.builder()
                .outputConfig(o -> o.s3OutputPath(output).s3FailurePath(failure))
                .clientConfig(c -> c.maxConcurrentInvocationsPerInstance(perInstance)).build();
    }
}
