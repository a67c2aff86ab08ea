package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Carries out a {@link Plan} in the order that spends the least on failure: checks images, creates the bucket,
 * pushes images, copies objects, then sends the requests. Any refusal before the copy leaves the target untouched.
 */
public final class PlanRunner {
    private final S3Client targetS3;
    private final AwsJsonClient targetSageMaker;
    private final ObjectCopier copier;
    private final ImagePusher pusher;
    private final PrintWriter out;

    /** @param pusher pushes local images, or {@code null} when the plan needs no push */
    public PlanRunner(S3Client targetS3, AwsJsonClient targetSageMaker, ObjectCopier copier, ImagePusher pusher,
                      PrintWriter out) {
        this.targetS3 = targetS3;
        this.targetSageMaker = targetSageMaker;
        this.copier = copier;
        this.pusher = pusher;
        this.out = out;
    }

    /** What a run did: the copy's figures and each call's response. */
    public record Result(CopyReport copy, List<JsonNode> responses) {
    }

    public Result run(Plan plan) throws CloudException {
        List<ImageMapping.Mapped> pushes = plan.images().stream().filter(ImageMapping.Mapped::push).toList();
        if (!pushes.isEmpty() && pusher == null) {
            throw new CloudException("the plan pushes an image but no Docker engine is available");
        }
        for (ImageMapping.Mapped image : pushes) {
            pusher.check(image);
        }
        if (plan.createBucket()) {
            createBucket(plan);
        }
        for (ImageMapping.Mapped image : pushes) {
            pusher.push(image);
        }
        CopyReport copy = copier.copy(plan.objects());
        out.println("Copy: " + copy);
        List<JsonNode> responses = new ArrayList<>();
        for (Plan.Call call : plan.calls()) {
            responses.add(send(call));
        }
        return new Result(copy, responses);
    }

    private void createBucket(Plan plan) throws CloudException {
        try {
            targetS3.createBucket(b -> {
                b.bucket(plan.bucket());
                if (!plan.region().equals("us-east-1")) {
                    b.createBucketConfiguration(c -> c.locationConstraint(plan.region()));
                }
            });
            out.println("Created bucket " + plan.bucket());
        } catch (SdkException e) {
            throw new CloudException("cannot create the target bucket " + plan.bucket() + ": " + e.getMessage(), e);
        }
    }

    private JsonNode send(Plan.Call call) throws CloudException {
        try {
            JsonNode response = targetSageMaker.call(call.operation(), call.request());
            out.println(call.operation() + ": " + response);
            return response;
        } catch (CloudException e) {
            if ("ResourceInUse".equals(e.code()) || e.getMessage().contains("already existing")) {
                throw new CloudException(call.operation() + ": the target already has a resource of that name"
                        + " (pass --name to choose another): " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
