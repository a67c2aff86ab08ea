package dev.sagebox.modelserver;

import java.util.List;
import java.util.Map;

/**
 * How to start one endpoint instance's model server: the command line, and the variables to add on top of the
 * model's {@code Environment} (§6.3 of the serving contract).
 */
public record ModelServerLaunch(List<String> command, Map<String, String> environment) {
    public ModelServerLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
