package dev.sagebox.sts;

/** GetCallerIdentity takes no parameters. */
public record GetCallerIdentityRequest() {
}
