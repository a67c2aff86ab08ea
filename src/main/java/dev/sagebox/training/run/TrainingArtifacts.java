package dev.sagebox.training.run;

import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.ObjectTargets;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.jobs.TarGz;
import dev.sagebox.training.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Uploads a finished job's artifacts (CONTRACTS §3.4): {@code <out>/<job>/output/model.tar.gz} always, and
 * {@code output.tar.gz} when {@code /opt/ml/output/data} holds anything. With {@code CompressionType NONE} the model
 * goes up unpacked under {@code output/model/}. {@code file://} outputs are written in place.
 */
final class TrainingArtifacts {
    private final ObjectFiles objects;

    TrainingArtifacts(ObjectFiles objects) {
        this.objects = objects;
    }

    void upload(TrainingJob job, List<TrainingHost> hosts, Path jobDir) throws IOException {
        S3Location output = S3Location.parse(job.spec().outputDataConfig().s3OutputPath())
                .resolve(job.name() + "/output");
        List<Path> models = hosts.stream().map(h -> h.layout().model()).toList();
        if ("NONE".equals(job.spec().outputDataConfig().compressionType())) {
            uploadTree(models, output.resolve("model"));
        } else {
            Path archive = jobDir.resolve("model.tar.gz");
            TarGz.write(models, archive);
            put(archive, output.resolve("model.tar.gz"));
        }
        List<Path> data = hosts.stream().map(h -> h.layout().outputData()).toList();
        boolean anyData = false;
        for (Path dir : data) {
            anyData |= TarGz.hasEntries(dir);
        }
        if (anyData) {
            Path archive = jobDir.resolve("output.tar.gz");
            TarGz.write(data, archive);
            put(archive, output.resolve("output.tar.gz"));
        }
    }

    private void put(Path file, S3Location target) throws IOException {
        ObjectTargets.put(objects, file, target);
    }

    /** Per-host trees merged with algo-1 first: a file an earlier host wrote is not overwritten. */
    private void uploadTree(List<Path> dirs, S3Location target) throws IOException {
        java.util.Set<String> done = new java.util.HashSet<>();
        for (Path dir : dirs) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String relative = dir.relativize(file).toString();
                if (done.add(relative)) {
                    put(file, target.resolve(relative));
                }
            }
        }
    }
}
