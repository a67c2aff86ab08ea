package dev.sagebox.scriptmode;

import java.util.List;
import java.util.Map;

/**
 * How to start one script-mode host: the command line, and the variables to add on top of the job's environment
 * (§4.2 of the container contract; the user's {@code Environment} included).
 */
public record ScriptModeLaunch(List<String> command, Map<String, String> environment) {
    public ScriptModeLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
