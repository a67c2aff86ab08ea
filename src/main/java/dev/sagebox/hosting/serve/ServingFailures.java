package dev.sagebox.hosting.serve;

/** The failure reasons an endpoint shows when its instances do not become healthy (CONTRACTS §6.2). */
final class ServingFailures {
    private ServingFailures() {
    }

    /** AWS's text, which names the primary container even for a pipeline. */
    static String pingFailure(String variant) {
        return "The primary container for production variant " + variant + " did not pass the ping health check."
                + " Please check CloudWatch logs for this endpoint.";
    }

    /** Sagebox's diagnosis after AWS's text: which container, how it ended, and the last lines of its log. */
    static String notReady(String variant, Instance instance, ServedContainer container, Readiness.Outcome outcome) {
        boolean pipeline = instance.containers.size() > 1;
        String how = switch (outcome) {
            case Readiness.Outcome.Exited exited -> (pipeline ? " Container " + container.hostname : " The container")
                    + " exited with code " + exited.status().code() + ".";
            case Readiness.Outcome.TimedOut out -> (pipeline ? " Container " + container.hostname : " It")
                    + " did not answer GET /ping with 200 within " + out.after().toSeconds() + " seconds.";
            case Readiness.Outcome.Ready ready -> "";
        };
        String tail = container.tail.text();
        return pingFailure(variant) + how + (tail == null ? "" : " Last lines of its log:\n" + tail);
    }
}
