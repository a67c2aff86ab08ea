package dev.sagebox.images;

/**
 * What {@code sagebox images resolve} was asked for.
 *
 * @param framework  {@code tensorflow}, {@code pytorch}, {@code sklearn}, {@code xgboost} or {@code huggingface}
 * @param version    the framework version, or a short alias such as {@code 1.8}
 * @param py         {@code py38} and the like, or null for the version's first
 * @param scope      {@code training} or {@code inference}
 * @param processor  {@code cpu} or {@code gpu}, or null for the scope's first
 * @param region     the AWS region
 * @param base       Hugging Face only: the base framework and version, e.g. {@code pytorch1.8.1}, or null
 */
public record ImageQuery(String framework, String version, String py, String scope, String processor, String region,
                         String base) {
}
