/**
 * The batch-transform wire shapes: one record per SageMaker shape (CreateTransformJob, DescribeTransformJob,
 * ListTransformJobs, StopTransformJob and their parts), named as in the API. Requests validate themselves through
 * {@code aws.Validator}; imports only {@code aws}, {@code tags} and the JDK.
 */
package dev.sagebox.transform.api;
