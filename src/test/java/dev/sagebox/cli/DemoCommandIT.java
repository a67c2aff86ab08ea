package dev.sagebox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code sagebox demo} in-process: train, deploy, invoke and clean up against an embedded server. */
class DemoCommandIT {
    private static final Pattern PREDICTION =
            Pattern.compile("Prediction for x = 10\\.0: ([0-9.]+) \\(expected 32\\.000\\)");

    @Test
    void demo_trainsDeploysAndPredictsTheLine_thenCleansUp() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SageboxCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo");

        String printed = out.toString();
        assertThat(exit).as(printed + err).isZero();
        Matcher prediction = PREDICTION.matcher(printed);
        assertThat(prediction.find()).as(printed).isTrue();
        assertThat(Double.parseDouble(prediction.group(1))).isCloseTo(32.0, within(0.1));
        assertThat(printed).contains("fitted y = ", "train:mse=", "is InService", "DeleteEndpoint sagebox-demo: done",
                "/aws/sagemaker/Endpoints/sagebox-demo");
        Matcher dataDir = Pattern.compile("(?m)^  data dir +(\\S+)$").matcher(printed);
        assertThat(dataDir.find()).isTrue();
        assertThat(java.nio.file.Path.of(dataDir.group(1))).doesNotExist();
    }
}
