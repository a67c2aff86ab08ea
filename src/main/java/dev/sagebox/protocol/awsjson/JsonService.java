package dev.sagebox.protocol.awsjson;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.aws.Operation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One AWS JSON service as the codec sees it.
 *
 * @param targetPrefix the part of {@code X-Amz-Target} before the dot: {@code SageMaker}, {@code Logs_20140328}
 * @param signingName  the SigV4 service name its requests are signed for
 * @param mapper       maps member names (PascalCase for SageMaker, camelCase for Logs) and timestamps
 * @param operations   what the features serve under this prefix
 * @param isAws        whether AWS has this service; Sagebox's own ({@code SageboxImport}) are left out of the
 *                     operations listing that docs/coverage.md is checked against
 */
public record JsonService(String targetPrefix, String signingName, ObjectMapper mapper,
                          Map<String, Operation<?, ?>> operations, boolean isAws) {

    public static JsonService of(String targetPrefix, String signingName, ObjectMapper mapper,
                                 List<Operation<?, ?>> operations) {
        return new JsonService(targetPrefix, signingName, mapper,
                operations.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity())), true);
    }

    /** A Sagebox-only service on the AWS JSON protocol, e.g. {@code SageboxImport.ImportTrainingJob}. */
    public static JsonService sageboxOwn(String targetPrefix, String signingName, ObjectMapper mapper,
                                         List<Operation<?, ?>> operations) {
        return new JsonService(targetPrefix, signingName, mapper,
                operations.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity())), false);
    }

    /** SageMaker: PascalCase members, timestamps as epoch seconds with millisecond precision. */
    public static JsonService sageMaker(List<Operation<?, ?>> operations) {
        return of("SageMaker", "sagemaker", JsonMappers.sageMaker(), operations);
    }

    /** CloudWatch Logs: camelCase members, timestamps as integer milliseconds. */
    public static JsonService logs(List<Operation<?, ?>> operations) {
        return of("Logs_20140328", "logs", JsonMappers.logs(), operations);
    }
}
