package dev.sagebox.processing.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.jobs.ObjectFiles;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.processing.api.ProcessingOutput;
import dev.sagebox.processing.api.ProcessingS3Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output uploads (CONTRACTS §8.2) into {@code file://} targets, which go through the same code path as S3. */
class OutputUploaderTest {
    @TempDir
    Path tmp;

    private OutputUploader uploader(String mode) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("host/out"));
        Path target = tmp.resolve("target");
        ProcessingOutput output = new ProcessingOutput("out", new ProcessingS3Output("file://" + target,
                "/opt/ml/processing/out", mode), null, false);
        // file:// targets never reach the object store, so one that refuses every call proves it.
        return new OutputUploader(ObjectFiles.unavailable(), List.of(new OutputUploader.Target(output, dir,
                S3Location.parse("file://" + target))));
    }

    private Path write(String relative, String content, long secondsAgo) throws IOException {
        Path file = tmp.resolve("host/out").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
        return file;
    }

    private String uploaded(String relative) throws IOException {
        Path file = tmp.resolve("target").resolve(relative);
        return Files.exists(file) ? Files.readString(file) : null;
    }

    @Test
    void continuous_uploadsAFileOnlyOnceItLooksTheSameInTwoSweeps() throws IOException {
        OutputUploader uploader = uploader("Continuous");
        write("part-1.csv", "a\n", 10);

        uploader.sweepContinuous();
        assertThat(uploaded("part-1.csv")).as("seen once: it may still be growing").isNull();
        uploader.sweepContinuous();
        assertThat(uploaded("part-1.csv")).isEqualTo("a\n");
    }

    @Test
    void continuous_fileChangedAfterUpload_isUploadedAgainOnceStable() throws IOException {
        OutputUploader uploader = uploader("Continuous");
        write("sub/log.txt", "one\n", 10);
        uploader.sweepContinuous();
        uploader.sweepContinuous();

        write("sub/log.txt", "one\ntwo\n", 5);
        uploader.sweepContinuous();
        assertThat(uploaded("sub/log.txt")).isEqualTo("one\n");
        uploader.sweepContinuous();
        assertThat(uploaded("sub/log.txt")).isEqualTo("one\ntwo\n");
    }

    @Test
    void finish_sweepsContinuousOutputsWhateverTheirState() throws IOException {
        OutputUploader uploader = uploader("Continuous");
        write("last.csv", "written just before exit\n", 0);

        uploader.finish(false);

        assertThat(uploaded("last.csv")).isEqualTo("written just before exit\n");
    }

    @Test
    void endOfJob_isNeverSweptWhileRunning_andUploadedOnlyWhenTheJobDidNotFail() throws IOException {
        OutputUploader uploader = uploader("EndOfJob");
        write("model.bin", "m", 10);

        uploader.sweepContinuous();
        uploader.sweepContinuous();
        uploader.finish(false);
        assertThat(uploaded("model.bin")).isNull();

        uploader.finish(true);
        assertThat(uploaded("model.bin")).isEqualTo("m");
        assertThat(uploader.hasContinuous()).isFalse();
    }
}
