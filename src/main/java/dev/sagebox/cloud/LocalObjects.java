package dev.sagebox.cloud;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Finds the objects behind S3 URIs in a store (the local Sagebox when promoting, the cloud when importing). */
final class LocalObjects {
    private final S3Client s3;
    private final String where;

    LocalObjects(S3Client s3, String where) {
        this.s3 = s3;
        this.where = where;
    }

    /** Every object under the prefix {@code key} (an S3Prefix channel): keys that start with it, as SageMaker reads. */
    List<CopyItem> underPrefix(String bucket, String key, String targetBucket, String what) throws CloudException {
        List<CopyItem> items = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key)).contents()) {
                items.add(new CopyItem(bucket, object.key(), object.size(), targetBucket, object.key()));
            }
        } catch (S3Exception e) {
            throw new CloudException(what + ": cannot list s3://" + bucket + "/" + key + " in " + where + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw unreachable(e);
        }
        if (items.isEmpty()) {
            throw new CloudException(what + ": no objects under s3://" + bucket + "/" + key + " in " + where);
        }
        return items;
    }

    /** The single object at {@code key}. */
    CopyItem object(String bucket, String key, String targetBucket, String what) throws CloudException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return new CopyItem(bucket, key, head.contentLength(), targetBucket, key);
        } catch (S3Exception e) {
            throw new CloudException(what + ": s3://" + bucket + "/" + key + " is not in " + where
                    + (e.statusCode() == 404 ? "" : " (" + e.getMessage() + ")"), e);
        } catch (SdkException e) {
            throw unreachable(e);
        }
    }

    private CloudException unreachable(SdkException e) {
        return new CloudException("cannot reach the S3 of " + where + ": " + e.getMessage(), e);
    }
}
