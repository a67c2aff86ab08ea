package dev.sagebox.aws;

import java.util.function.BiFunction;

/**
 * One API operation as a feature exposes it: its wire name, the record its input decodes to, and the function that
 * serves it. Codecs receive lists of these from {@code Sagebox.java}, so they never name a feature.
 *
 * @param name   the operation name, e.g. {@code CreateTrainingJob}
 * @param input  the request record type the codec decodes the body into
 * @param action serves the decoded request; returns the response record (or {@code null} for an empty result)
 */
public record Operation<I, O>(String name, Class<I> input, BiFunction<RequestContext, I, O> action) {

    public static <I, O> Operation<I, O> of(String name, Class<I> input, BiFunction<RequestContext, I, O> action) {
        return new Operation<>(name, input, action);
    }

    /** Runs the action on an input the codec decoded as {@link #input()}. */
    public O invoke(RequestContext context, Object decoded) {
        return action.apply(context, input.cast(decoded));
    }
}
