package dev.sagebox.transform.run;

import dev.sagebox.hosting.serve.BatchAnswer;
import dev.sagebox.hosting.serve.BatchInstances;
import dev.sagebox.transform.data.RecordFilters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Sends one batch to an instance's {@code /invocations} with the job's headers, timeout and retries
 * ({@code ModelClientConfig}), and turns the answer into the batch's share of the output: {@code AssembleWith Line}
 * ends it with {@code \n}; a join or {@code OutputFilter} rewrites it line by line.
 */
final class BatchSender {
    private static final int SNIPPET = 300;

    private final BatchInstances instances;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final int maxRetries;
    private final boolean assembleLine;
    private final RecordFilters filters;
    private final boolean joinInput;
    private final boolean gzip;

    /** @param filters the job's DataProcessing when it rewrites output (a join or an OutputFilter), else null */
    BatchSender(BatchInstances instances, Map<String, String> headers, Duration timeout, int maxRetries,
                boolean assembleLine, RecordFilters filters, boolean joinInput, boolean gzip) {
        this.instances = instances;
        this.headers = headers;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.assembleLine = assembleLine;
        this.filters = filters;
        this.joinInput = joinInput;
        this.gzip = gzip;
    }

    /** The output bytes of {@code batch}, sent to instance {@code index}; {@code stopped} cuts retries short. */
    byte[] send(Batch batch, int index, BooleanSupplier stopped) throws BatchFailure {
        String problem = null;
        int attempts = 0;
        while (attempts <= maxRetries && !stopped.getAsBoolean()) {
            attempts++;
            try {
                BatchAnswer answer = instances.invoke(index, batch.payload(), headers, timeout);
                if (answer.isSuccess()) {
                    return assemble(batch, answer.body());
                }
                problem = (answer.container() == null ? "" : "(pipeline container " + answer.container() + ") ")
                        + "answered " + answer.status() + ": " + snippet(answer.body());
            } catch (SocketTimeoutException e) {
                problem = "did not answer within " + timeout.toSeconds() + " seconds (InvocationsTimeoutInSeconds)";
            } catch (IOException e) {
                String exited = instances.exitDiagnosis(index);
                if (exited != null) {
                    problem = exited;
                    break;
                }
                problem = "could not be reached: " + e.getMessage();
            }
        }
        throw new BatchFailure("AlgorithmError: See job logs for more information. For " + batch.where(gzip)
                + ", the container of instance " + instances.instanceId(index) + " " + problem
                + (attempts > 1 ? " (" + attempts + " attempts)" : ""));
    }

    private byte[] assemble(Batch batch, byte[] body) throws BatchFailure {
        if (filters == null) {
            if (assembleLine && (body.length == 0 || body[body.length - 1] != '\n')) {
                byte[] line = new byte[body.length + 1];
                System.arraycopy(body, 0, line, 0, body.length);
                line[body.length] = '\n';
                return line;
            }
            return body;
        }
        List<String> lines = lines(body);
        if (joinInput && lines.size() != batch.records()) {
            throw new BatchFailure("ClientError: JoinSource Input needs one output line per input record, but for "
                    + batch.where(gzip) + " the container answered " + lines.size() + " lines for "
                    + batch.records() + " records.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + lines.size() * 16);
        for (int i = 0; i < lines.size(); i++) {
            try {
                out.writeBytes(filters.outputRecord(joinInput ? batch.originals().get(i) : null, lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new BatchFailure("ClientError: DataProcessing failed on output line " + (i + 1) + " for "
                        + batch.where(gzip) + ": " + e.getMessage());
            }
        }
        return out.toByteArray();
    }

    private static List<String> lines(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int stop = end < 0 ? text.length() : end;
            String line = text.substring(start, stop);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = stop + 1;
        }
        return lines;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, SNIPPET), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(empty body)" : text + (body.length > SNIPPET ? "…" : "");
    }
}
