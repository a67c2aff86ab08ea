package dev.sagebox.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * How a job's container starts (CONTRACTS §4.2, §8.2): with {@code ContainerEntrypoint}, {@code --entrypoint E[0]}
 * and CMD = {@code E[1:]} + arguments; otherwise the image's ENTRYPOINT with CMD = the arguments, or the job kind's
 * default CMD ({@code train} for training, none for processing) when there are none.
 *
 * @param entrypoint the replacing entrypoint, or null to keep the image's
 * @param command    the CMD; empty keeps the image's
 */
public record ContainerCommand(List<String> entrypoint, List<String> command) {
    public static ContainerCommand of(List<String> containerEntrypoint, List<String> containerArguments,
                                      List<String> defaultCommand) {
        List<String> arguments = containerArguments == null ? List.of() : containerArguments;
        if (containerEntrypoint != null && !containerEntrypoint.isEmpty()) {
            List<String> command = new ArrayList<>(containerEntrypoint.subList(1, containerEntrypoint.size()));
            command.addAll(arguments);
            return new ContainerCommand(List.of(containerEntrypoint.getFirst()), command);
        }
        return new ContainerCommand(null, arguments.isEmpty() ? defaultCommand : arguments);
    }
}
