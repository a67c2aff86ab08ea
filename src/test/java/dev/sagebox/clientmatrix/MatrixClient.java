package dev.sagebox.clientmatrix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.testing.ClientScripts;
import dev.sagebox.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The clients of the matrix: each runs the same scenario against the same server with resources of its own
 * ({@link #prefix()}), and prints the transcript that {@link ClientMatrixIT} compares.
 */
enum MatrixClient {
    JAVA_SDK_V2("AWS SDK for Java v2", "mx-java"),
    BOTO3_PYENV("boto3, pyenv python3", "mx-boto3"),
    BOTO3_DEBIAN("boto3, Debian /usr/bin/python3", "mx-boto3-deb"),
    AWS_CLI_V1("AWS CLI v1, pyenv aws", "mx-cli1"),
    AWS_CLI_V2("AWS CLI v2, /usr/bin/aws", "mx-cli2"),
    JS_SDK_V3("AWS SDK for JavaScript v3, node", "mx-js");

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String title;
    private final String prefix;

    MatrixClient(String title, String prefix) {
        this.title = title;
        this.prefix = prefix;
    }

    /** Resource names start with this, so clients running side by side never meet. */
    String prefix() {
        return prefix;
    }

    /** Why this client cannot run on this machine, or null when it can. */
    String missing() {
        return switch (this) {
            case JAVA_SDK_V2 -> null;
            case BOTO3_PYENV -> ClientScripts.hasBoto3(ClientScripts.PYTHON) ? null
                    : ClientScripts.PYTHON + " has no boto3";
            case BOTO3_DEBIAN -> ClientScripts.hasBoto3(ClientScripts.DEBIAN_PYTHON) ? null
                    : ClientScripts.DEBIAN_PYTHON + " has no boto3 (apt-get install python3-boto3)";
            case AWS_CLI_V1 -> versionStartsWith(List.of("aws", "--version"), "aws-cli/1.") ? null
                    : "no AWS CLI v1 as 'aws' on PATH (pip install awscli)";
            case AWS_CLI_V2 -> versionStartsWith(List.of(ClientScripts.AWS_CLI_V2, "--version"), "aws-cli/2.") ? null
                    : "no AWS CLI v2 at " + ClientScripts.AWS_CLI_V2 + " (apt-get install awscli)";
            case JS_SDK_V3 -> !versionStartsWith(List.of("node", "--version"), "v") ? "no node on PATH"
                    : !Files.isDirectory(jsDir().resolve("node_modules/@aws-sdk/client-sagemaker"))
                    ? "the JS SDK is not installed (cd clients/js && npm ci)" : null;
        };
    }

    /** Runs the scenario with this client and returns its transcript. */
    JsonNode run(TestServer server) {
        if (this == JAVA_SDK_V2) {
            return JavaSdkScenario.run(server, prefix);
        }
        Path clients = ClientScripts.repoRoot().resolve("clients");
        List<String> command = switch (this) {
            case BOTO3_PYENV -> List.of(ClientScripts.PYTHON, clients.resolve("python/matrix_boto3.py").toString(),
                    prefix);
            case BOTO3_DEBIAN -> List.of(ClientScripts.DEBIAN_PYTHON,
                    clients.resolve("python/matrix_boto3.py").toString(), prefix);
            // Each CLI is driven by the Python it ships with, so the v2 run needs nothing from pyenv.
            case AWS_CLI_V1 -> List.of(ClientScripts.PYTHON, clients.resolve("cli/matrix_cli.py").toString(), "aws",
                    prefix);
            case AWS_CLI_V2 -> List.of(ClientScripts.DEBIAN_PYTHON, clients.resolve("cli/matrix_cli.py").toString(),
                    ClientScripts.AWS_CLI_V2, prefix);
            case JS_SDK_V3 -> List.of("node", jsDir().resolve("matrix.mjs").toString(), prefix);
            case JAVA_SDK_V2 -> throw new IllegalStateException("runs in process");
        };
        return Transcripts.parseLastLine(ClientScripts.run(server.endpoint(), command, TIMEOUT).assertSuccess()
                .stdout());
    }

    private static Path jsDir() {
        return ClientScripts.repoRoot().resolve("clients/js");
    }

    private static boolean versionStartsWith(List<String> command, String start) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return process.waitFor() == 0 && out.startsWith(start);
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return title;
    }
}
