package dev.sagebox.cloud;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The bucket a promotion writes to: {@code --bucket}, or SageMaker's default {@code sagemaker-<region>-<account>}
 * (created on first use, as the SageMaker Python SDK does). A bucket in another region is refused, because SageMaker
 * reads channels only from buckets in the job's region.
 */
record TargetBucket(String name, boolean create) {

    static TargetBucket choose(String requested, String region, S3Client s3, StsClient sts) throws CloudException {
        String name = requested;
        if (name == null) {
            try {
                name = "sagemaker-" + region + "-" + sts.getCallerIdentity().account();
            } catch (SdkException e) {
                throw new CloudException("cannot ask STS for the target account (needed for the default bucket): "
                        + e.getMessage(), e);
            }
        }
        String bucket = name;
        try {
            HeadBucketResponse head = s3.headBucket(b -> b.bucket(bucket));
            String actual = head.bucketRegion();
            if (actual != null && !actual.equals(region)) {
                throw inOtherRegion(bucket, actual, region);
            }
            return new TargetBucket(bucket, false);
        } catch (S3Exception e) {
            String actual = e.awsErrorDetails() == null ? null : e.awsErrorDetails().sdkHttpResponse()
                    .firstMatchingHeader("x-amz-bucket-region").orElse(null);
            if (e.statusCode() == 301 && actual != null) {
                throw inOtherRegion(bucket, actual, region);
            }
            if (e.statusCode() == 404) {
                if (requested == null) {
                    return new TargetBucket(bucket, true);
                }
                throw new CloudException("the target bucket " + bucket + " does not exist in " + region
                        + "; create it first, or leave out --bucket to use sagemaker-" + region + "-<account>");
            }
            throw new CloudException("cannot use the target bucket " + bucket + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new CloudException("cannot reach the target S3 for bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private static CloudException inOtherRegion(String bucket, String actual, String region) {
        return new CloudException("the target bucket " + bucket + " is in " + actual + ", not in " + region
                + ": SageMaker reads only from buckets in the job's region; pass --region " + actual
                + " or another --bucket");
    }
}
