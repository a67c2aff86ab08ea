package dev.sagebox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.cloud.AwsJsonClient;
import dev.sagebox.cloud.CloudException;
import java.util.Map;

/** The target's CloudWatch Logs and SageMaker as a {@link LogFollower.Source}, signed with the user's credentials. */
final class CloudLogSource implements LogFollower.Source {
    private final AwsJsonClient logs;
    private final AwsJsonClient sageMaker;

    CloudLogSource(AwsJsonClient logs, AwsJsonClient sageMaker) {
        this.logs = logs;
        this.sageMaker = sageMaker;
    }

    @Override
    public JsonNode logs(String operation, Map<String, ?> request) throws LogsApi.ApiException {
        return call(logs, operation, request);
    }

    @Override
    public JsonNode sageMaker(String operation, Map<String, ?> request) throws LogsApi.ApiException {
        return call(sageMaker, operation, request);
    }

    private static JsonNode call(AwsJsonClient client, String operation, Map<String, ?> request)
            throws LogsApi.ApiException {
        try {
            return client.call(operation, request);
        } catch (CloudException e) {
            throw new LogsApi.ApiException(e.code() == null ? "" : e.code(), e.getMessage());
        }
    }
}
