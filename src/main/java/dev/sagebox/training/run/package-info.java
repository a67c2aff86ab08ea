/**
 * Running training jobs: one virtual thread per job walks it from Starting to its terminal status, preparing each
 * host's {@code /opt/ml}, starting workloads through the runtime SPI, streaming output to CloudWatch Logs and
 * uploading artifacts. Imports {@code training}, {@code jobs}, {@code runtime}, {@code logs} and {@code state}.
 */
package dev.sagebox.training.run;
