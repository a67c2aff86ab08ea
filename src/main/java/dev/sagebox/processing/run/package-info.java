/**
 * Running processing jobs: one virtual thread per job stages each host's inputs under {@code /opt/ml/processing},
 * starts its workloads through the runtime SPI (Docker or host processes), ships their output to CloudWatch Logs and
 * uploads the output directories, continuously or at the end. Imports {@code processing}, {@code jobs},
 * {@code runtime} and {@code logs}.
 */
package dev.sagebox.processing.run;
