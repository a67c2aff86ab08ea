package dev.sagebox.processing.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.jobs.ResourceConfigFile;
import dev.sagebox.processing.ProcessingJob;
import dev.sagebox.processing.api.ProcessingClusterConfig;
import dev.sagebox.state.AtomicFiles;
import dev.sagebox.state.StoredJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files under {@code /opt/ml/config} (CONTRACTS §8.2): {@code processingjobconfig.json}, the request echoed with
 * defaults plus {@code ProcessingJobArn}, and {@code resourceconfig.json} with this host as {@code current_host}.
 */
final class ProcessingJobFiles {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private ProcessingJobFiles() {
    }

    static List<ResourceConfigFile.Group> groups(ProcessingJob job) {
        ProcessingClusterConfig cluster = job.spec().processingResources().clusterConfig();
        return List.of(new ResourceConfigFile.Group(ResourceConfigFile.HOMOGENEOUS, cluster.instanceType(),
                cluster.instanceCount()));
    }

    static void write(ProcessingJob job, Path configDir, int hostIndex) throws IOException {
        ObjectNode echo = StoredJson.mapper().valueToTree(job.spec());
        echo.put("ProcessingJobArn", job.arn());
        AtomicFiles.writeWorldReadable(configDir.resolve("processingjobconfig.json"), PLAIN.writeValueAsBytes(echo));
        AtomicFiles.writeWorldReadable(configDir.resolve("resourceconfig.json"),
                PLAIN.writeValueAsBytes(ResourceConfigFile.content(groups(job), hostIndex)));
    }
}
