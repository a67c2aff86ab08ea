package dev.sagebox.cli;

import dev.sagebox.SageboxConfig;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import dev.sagebox.cloud.CloudTarget;
import dev.sagebox.cloud.Importer;
import dev.sagebox.cloud.ObjectCopier;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the cloud and local clients for one import, runs it and turns a refusal into a message and exit code 1. */
final class ImportRun {
    private static final long PART_SIZE = 32L * 1024 * 1024;

    /** One import step. */
    @FunctionalInterface
    interface Step {
        void run(Importer importer, PrintWriter out) throws CloudException;
    }

    private ImportRun() {
    }

    static int run(CommandSpec spec, CloudOptions options, Step step) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SageboxConfig config = options.config();
            CloudTarget cloud = options.cloud();
            CloudTarget local = options.local(config);
            try (AwsJsonClient cloudSageMaker = cloud.sageMaker(); S3Client cloudS3 = cloud.s3();
                 AwsJsonClient localSageMaker = local.sageMaker(); S3Client localS3 = local.s3();
                 AwsJsonClient localImport = local.sagebox(Importer.IMPORT_SERVICE)) {
                ObjectCopier copier = new ObjectCopier(cloudS3, localS3,
                        config.home().resolve("import").resolve("uploads"), PART_SIZE, CopyProgress.to(out));
                step.run(new Importer(cloudSageMaker, cloudS3, localSageMaker, localImport, localS3, copier, out),
                        out);
                return 0;
            }
        } catch (CloudException e) {
            err.println("sagebox: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
