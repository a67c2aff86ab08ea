package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** The demo's calls, in the order a newcomer would make them with boto3, each printed with its elapsed time. */
final class DemoSteps {
    private static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
    private static final long POLL_MILLIS = 100;
    private static final long DEADLINE_MILLIS = 180_000;
    private static final double X = 10;

    private final LogsApi api;
    private final DemoHttp http;
    private final Progress progress;
    private final Path home;
    private final URI url;

    DemoSteps(LogsApi api, DemoHttp http, Progress progress, Path home, URI url) {
        this.api = api;
        this.http = http;
        this.progress = progress;
        this.home = home;
        this.url = url;
    }

    /** Prints each step with the seconds since the demo began. */
    static final class Progress {
        private final PrintWriter out;
        private final long start = System.nanoTime();

        Progress(PrintWriter out) {
            this.out = out;
        }

        void step(String format, Object... args) {
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "[%6.2fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
            out.flush();
        }

        void line(String text) {
            out.println(text);
            out.flush();
        }
    }

    int run(CommandLine parent) throws Exception {
        String data = "s3://" + DemoCommand.BUCKET + "/data/train.csv";
        String code = "s3://" + DemoCommand.BUCKET + "/code/sourcedir.tar.gz";
        http.createBucket(DemoCommand.BUCKET);
        http.putObject(DemoCommand.BUCKET, "data/train.csv", DemoFiles.dataset());
        progress.step("Uploaded 20 rows of y = 3x + 2 (plus noise) to %s", data);
        Path tarball = DemoFiles.sourceTarball(Files.createDirectories(home.resolve("demo-source")));
        http.putObject(DemoCommand.BUCKET, "code/sourcedir.tar.gz", Files.readAllBytes(tarball));
        progress.step("Uploaded train.py and inference.py to %s", code);
        String job = DemoCommand.NAME + "-" + System.currentTimeMillis();
        api.sageMaker("CreateTrainingJob", trainingJob(job, code));
        progress.step("CreateTrainingJob %s (script mode, entry point train.py); its log:", job);
        if (!followLog(parent, job)) {
            return 1;
        }
        JsonNode described = api.sageMaker("DescribeTrainingJob", Map.of("TrainingJobName", job));
        if (!described.path("TrainingJobStatus").asText().equals("Completed")) {
            progress.step("Training job %s: %s", described.path("TrainingJobStatus").asText(),
                    described.path("FailureReason").asText());
            return 1;
        }
        String artifacts = described.path("ModelArtifacts").path("S3ModelArtifacts").asText();
        progress.step("Training job Completed; model at %s", artifacts);
        return deployAndInvoke(job, data, code, artifacts);
    }

    private int deployAndInvoke(String job, String data, String code, String artifacts) throws Exception {
        String name = DemoCommand.NAME;
        api.sageMaker("CreateModel", Map.of("ModelName", name, "ExecutionRoleArn", ROLE,
                "PrimaryContainer", Map.of("Image", DemoCommand.IMAGE, "ModelDataUrl", artifacts)));
        api.sageMaker("CreateEndpointConfig", Map.of("EndpointConfigName", name, "ProductionVariants",
                List.of(Map.of("VariantName", "AllTraffic", "ModelName", name, "InitialInstanceCount", 1,
                        "InstanceType", "ml.m5.large"))));
        api.sageMaker("CreateEndpoint", Map.of("EndpointName", name, "EndpointConfigName", name));
        progress.step("CreateModel, CreateEndpointConfig, CreateEndpoint %s", name);
        JsonNode endpoint = awaitEndpoint(name);
        if (!endpoint.path("EndpointStatus").asText().equals("InService")) {
            progress.step("Endpoint %s: %s", endpoint.path("EndpointStatus").asText(),
                    endpoint.path("FailureReason").asText());
            return 1;
        }
        progress.step("Endpoint %s is InService", name);
        String body = String.format(Locale.ROOT, "{\"instances\": [%s]}", X);
        String answer = http.invoke(name, body);
        double predicted = DemoCommand.firstPrediction(answer);
        progress.step("InvokeEndpoint %s -> %s", body, answer.strip());
        progress.step("Prediction for x = %s: %.3f (expected %.3f)", X, predicted, DemoFiles.expected(X));
        printWhereThingsLive(job, data, code, artifacts);
        api.sageMaker("DeleteEndpoint", Map.of("EndpointName", name));
        awaitDeleted(name);
        progress.step("DeleteEndpoint %s: done", name);
        return 0;
    }

    private Map<String, Object> trainingJob(String job, String code) {
        return Map.of("TrainingJobName", job, "RoleArn", ROLE,
                "AlgorithmSpecification", Map.of("TrainingImage", DemoCommand.IMAGE, "TrainingInputMode", "File"),
                "HyperParameters", Map.of("epochs", "1", "sagemaker_program", "\"train.py\"",
                        "sagemaker_submit_directory", "\"" + code + "\""),
                "InputDataConfig", List.of(Map.of("ChannelName", "train", "DataSource", Map.of("S3DataSource",
                        Map.of("S3DataType", "S3Prefix", "S3Uri", "s3://" + DemoCommand.BUCKET + "/data/")))),
                "OutputDataConfig", Map.of("S3OutputPath", "s3://" + DemoCommand.BUCKET + "/output"),
                "ResourceConfig", Map.of("InstanceType", "ml.m5.large", "InstanceCount", 1, "VolumeSizeInGB", 1),
                "StoppingCondition", Map.of("MaxRuntimeInSeconds", 600));
    }

    /** Streams the job's log through {@code sagebox logs --follow}, which returns once the job has ended. */
    private boolean followLog(CommandLine parent, String job) {
        CommandLine logs = DemoCommand.logsCommand();
        StringWriter errors = new StringWriter();
        logs.setOut(new IndentingWriter(parent.getOut()));
        logs.setErr(new PrintWriter(errors));
        int exit = logs.execute(job, "--follow", "--poll-millis", "200", "--endpoint", url.toString());
        if (exit != 0) {
            progress.step("Could not read the job's log: %s", errors.toString().strip());
            return false;
        }
        return true;
    }

    private JsonNode awaitEndpoint(String name) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            JsonNode d = api.sageMaker("DescribeEndpoint", Map.of("EndpointName", name));
            String status = d.path("EndpointStatus").asText();
            if (!status.equals("Creating") || System.currentTimeMillis() > deadline) {
                return d;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private void awaitDeleted(String name) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                api.sageMaker("DescribeEndpoint", Map.of("EndpointName", name));
            } catch (LogsApi.ApiException gone) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        throw new IOException("endpoint " + name + " was not deleted within " + DEADLINE_MILLIS / 1000 + " s");
    }

    private void printWhereThingsLive(String job, String data, String code, String artifacts) {
        String name = DemoCommand.NAME;
        progress.line("""

                Where everything lives:
                  data dir            %s
                  training data       %s
                  script-mode code    %s
                  model artifacts     %s
                  objects on disk     %s
                  training log        group /aws/sagemaker/TrainingJobs, streams %s/*
                  endpoint log        group /aws/sagemaker/Endpoints/%s

                The same calls from your own client (export AWS_ENDPOINT_URL=%s AWS_ACCESS_KEY_ID=test \
                AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1):
                  aws s3 cp train.csv %s
                  aws sagemaker create-training-job --training-job-name %s ...   # as sent above
                  aws sagemaker describe-training-job --training-job-name %s
                  aws logs get-log-events --log-group-name /aws/sagemaker/TrainingJobs --log-stream-name %s/algo-1-...
                  aws sagemaker create-model --model-name %s --execution-role-arn %s \\
                      --primary-container Image=%s,ModelDataUrl=%s
                  aws sagemaker create-endpoint-config --endpoint-config-name %s \\
                      --production-variants VariantName=AllTraffic,ModelName=%s,InitialInstanceCount=1,\
                InstanceType=ml.m5.large
                  aws sagemaker create-endpoint --endpoint-name %s --endpoint-config-name %s
                  aws sagemaker wait endpoint-in-service --endpoint-name %s
                  python3 -c 'import boto3; print(boto3.client("sagemaker-runtime").invoke_endpoint(\
                EndpointName="%s", ContentType="application/json", Body=b"[%s]")["Body"].read())'
                  aws sagemaker delete-endpoint --endpoint-name %s
                """.formatted(home, data, code, artifacts, home.resolve("objects"), job, name,
                url.toString().replaceAll("/$", ""), data, job, job,
                job, name, ROLE, DemoCommand.IMAGE, artifacts, name, name, name, name, name, name, X, name));
    }
}
