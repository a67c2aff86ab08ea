package dev.sagebox.training.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.state.AtomicFiles;
import dev.sagebox.jobs.OptMl;
import dev.sagebox.jobs.ResourceConfigFile;
import dev.sagebox.state.StoredJson;
import dev.sagebox.training.Channel;
import dev.sagebox.training.CreateTrainingJobRequest;
import dev.sagebox.training.ResourceConfig;
import dev.sagebox.training.TrainingJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under {@code /opt/ml/input/config} (CONTRACTS §4.1), in the form the training toolkit's
 * {@code Environment()} parses: hyperparameters verbatim, one inputdataconfig entry per channel, resourceconfig,
 * the request echo in trainingjobconfig and checkpointconfig when set.
 */
final class TrainingJobFiles {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private TrainingJobFiles() {
    }

    static List<ResourceConfigFile.Group> groups(CreateTrainingJobRequest spec) {
        ResourceConfig resources = spec.resourceConfig();
        if (resources.instanceGroups() == null) {
            return List.of(new ResourceConfigFile.Group(ResourceConfigFile.HOMOGENEOUS, resources.instanceType(),
                    resources.hostCount()));
        }
        List<ResourceConfigFile.Group> groups = new ArrayList<>();
        for (Map<String, Object> group : resources.instanceGroups()) {
            int count = group.get("InstanceCount") instanceof Number n ? n.intValue() : 0;
            groups.add(new ResourceConfigFile.Group(String.valueOf(group.get("InstanceGroupName")),
                    String.valueOf(group.get("InstanceType")), count));
        }
        return groups;
    }

    static void write(TrainingJob job, OptMl layout, int hostIndex) throws IOException {
        CreateTrainingJobRequest spec = job.spec();
        json(layout, "hyperparameters.json", spec.hyperParameters());
        json(layout, "inputdataconfig.json", inputDataConfig(spec));
        json(layout, "resourceconfig.json", ResourceConfigFile.content(groups(spec), hostIndex));
        ObjectNode echo = StoredJson.mapper().valueToTree(spec);
        echo.put("TrainingJobArn", job.arn());
        json(layout, "trainingjobconfig.json", echo);
        if (spec.checkpointConfig() != null) {
            Map<String, String> checkpoint = new LinkedHashMap<>();
            checkpoint.put("LocalPath", spec.checkpointConfig().localPath() == null ? "/opt/ml/checkpoints"
                    : spec.checkpointConfig().localPath());
            checkpoint.put("S3Uri", spec.checkpointConfig().s3Uri());
            json(layout, "checkpointconfig.json", checkpoint);
        }
    }

    private static Map<String, Object> inputDataConfig(CreateTrainingJobRequest spec) {
        Map<String, Object> channels = new LinkedHashMap<>();
        for (Channel channel : spec.inputDataConfig() == null ? List.<Channel>of() : spec.inputDataConfig()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (channel.contentType() != null) {
                entry.put("ContentType", channel.contentType());
            }
            entry.put("TrainingInputMode", inputMode(spec, channel));
            entry.put("S3DistributionType", channel.dataSource().s3DataSource().s3DataDistributionType());
            entry.put("RecordWrapperType", channel.recordWrapperType());
            channels.put(channel.channelName(), entry);
        }
        return channels;
    }

    static String inputMode(CreateTrainingJobRequest spec, Channel channel) {
        return channel.inputMode() != null ? channel.inputMode()
                : spec.algorithmSpecification().trainingInputMode();
    }

    private static void json(OptMl layout, String name, Object content) throws IOException {
        AtomicFiles.write(layout.config().resolve(name), PLAIN.writeValueAsBytes(content));
    }
}
