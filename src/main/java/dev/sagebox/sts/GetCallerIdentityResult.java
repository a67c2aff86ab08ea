package dev.sagebox.sts;

/** The members of {@code <GetCallerIdentityResult>}, in the order STS writes them. */
public record GetCallerIdentityResult(String arn, String userId, String account) {
}
