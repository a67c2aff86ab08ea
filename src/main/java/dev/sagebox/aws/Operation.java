package dev.sagebox.aws;

import java.util.function.BiFunction;

/**
 * One API operation as a feature exposes it: its wire name, the record its input decodes to, and the function that
 * serves it. Codecs receive lists of these from {@code Sagebox.java}, so they never name a feature.
 *
 * @param name     the operation name, e.g. {@code CreateTrainingJob}
 * @param input    the request record type the codec decodes the body into
 * @param action   serves the decoded request; returns the response record (or {@code null} for an empty result)
 * @param executes whether the operation does work beyond storing or reading records: it starts, stops or changes a
 *                 running workload (listed as such in {@code GET /_sagebox/operations} and docs/coverage.md)
 */
public record Operation<I, O>(String name, Class<I> input, BiFunction<RequestContext, I, O> action,
                              boolean executes) {

    /** An operation that only stores, reads or deletes records. */
    public static <I, O> Operation<I, O> of(String name, Class<I> input, BiFunction<RequestContext, I, O> action) {
        return new Operation<>(name, input, action, false);
    }

    /** The same operation, declared as one that runs, stops or changes real work (a job, an endpoint's instances). */
    public Operation<I, O> executing() {
        return new Operation<>(name, input, action, true);
    }

    /** Runs the action on an input the codec decoded as {@link #input()}. */
    public O invoke(RequestContext context, Object decoded) {
        return action.apply(context, input.cast(decoded));
    }

    /** How the operation is listed among those served under {@code service}. */
    public ServedOperation served(String service) {
        return new ServedOperation(service, name, executes);
    }
}
