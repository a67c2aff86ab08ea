package dev.sagebox.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a job's container starts (CONTRACTS §4.2, §8.2). */
class ContainerCommandTest {
    @Test
    void entrypoint_replacesTheImages_withTheRestAndTheArgumentsAsCmd() {
        ContainerCommand command = ContainerCommand.of(List.of("python3", "/opt/ml/code/x.py"), List.of("--a", "1"),
                List.of("train"));

        assertThat(command.entrypoint()).containsExactly("python3");
        assertThat(command.command()).containsExactly("/opt/ml/code/x.py", "--a", "1");
    }

    @Test
    void argumentsOnly_keepTheImagesEntrypoint() {
        ContainerCommand command = ContainerCommand.of(null, List.of("--mode", "x"), List.of("train"));

        assertThat(command.entrypoint()).isNull();
        assertThat(command.command()).containsExactly("--mode", "x");
    }

    @Test
    void nothingGiven_isTheKindsDefault_trainForTrainingAndTheImagesOwnCmdForProcessing() {
        assertThat(ContainerCommand.of(null, null, List.of("train")).command()).containsExactly("train");
        assertThat(ContainerCommand.of(List.of(), List.of(), List.of()).command()).isEmpty();
    }
}
