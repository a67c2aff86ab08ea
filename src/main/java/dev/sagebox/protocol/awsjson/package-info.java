/**
 * AWS JSON 1.1, the protocol of the SageMaker control plane and CloudWatch Logs: {@code X-Amz-Target} picks the
 * operation, Jackson maps bodies to the features' request records, and every error leaves with both {@code __type}
 * and {@code x-amzn-ErrorType} (CONTRACTS.md §2).
 */
package dev.sagebox.protocol.awsjson;
