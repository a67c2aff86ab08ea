package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import dev.sagebox.cloud.ObjectCopier;
import dev.sagebox.cloud.Plan;
import dev.sagebox.cloud.PlanRunner;
import dev.sagebox.cloud.PromoteOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One promotion: opens the local and target clients, plans, prints the plan, then copies and creates unless
 * {@code --dry-run} and follows the result on the target with {@code --wait}. A refusal becomes a message and exit
 * code 1.
 */
final class PromoteRun {
    /** What to re-create: the plan for one local resource. */
    @FunctionalInterface
    interface Planning {
        Plan plan(AwsJsonClient localSageMaker, S3Client localS3, PromoteOptions options, String region,
                  S3Client targetS3, StsClient targetSts) throws CloudException;
    }

    /** Follows what the plan created on the target until it settles; returns the exit code. */
    @FunctionalInterface
    interface Awaiting {
        int await(CloudTarget target, AwsJsonClient targetSageMaker, Plan plan, PrintWriter out)
                throws CloudException;
    }

    private PromoteRun() {
    }

    static int run(CommandSpec spec, CloudOptions cloud, PromoteFlags flags, Planning planning, Awaiting awaiting) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return promote(cloud, flags, planning, awaiting, out);
        } catch (CloudException e) {
            err.println("sagebox: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int promote(CloudOptions cloud, PromoteFlags flags, Planning planning, Awaiting awaiting,
                               PrintWriter out) throws CloudException {
        SageboxConfig config = cloud.config();
        CloudTarget local = cloud.local(config);
        CloudTarget target = cloud.cloud();
        try (AwsJsonClient localSageMaker = local.sageMaker(); S3Client localS3 = local.s3();
             AwsJsonClient targetSageMaker = target.sageMaker(); S3Client targetS3 = target.s3();
             StsClient targetSts = target.sts()) {
            PromoteOptions options = flags.options(config);
            Plan plan = planning.plan(localSageMaker, localS3, options, target.region(), targetS3, targetSts);
            plan.print(out);
            if (flags.dryRun) {
                out.println("Dry run: nothing was copied or created.");
                return 0;
            }
            ObjectCopier copier = new ObjectCopier(localS3, targetS3, options.journals(), options.partSize(),
                    CopyProgress.to(out));
            new PlanRunner(targetS3, targetSageMaker, copier, flags.pusher(config, target, out), out).run(plan);
            return flags.await ? awaiting.await(target, targetSageMaker, plan, out) : 0;
        }
    }
}
