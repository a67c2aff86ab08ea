package dev.sagebox.images;

/**
 * Credentials for one registry, passed to the engine with a pull and never stored.
 *
 * @param username       the user name ({@code AWS} for ECR)
 * @param password       the password or token
 * @param serverAddress  the registry, e.g. {@code 127.0.0.1:5000} or {@code https://<acct>.dkr.ecr.<region>...}
 */
public record RegistryAuth(String username, String password, String serverAddress) {
    @Override
    public String toString() {
        return "RegistryAuth[username=" + username + ", serverAddress=" + serverAddress + "]";
    }
}
