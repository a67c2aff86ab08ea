package dev.sagebox.protocol.s3;

/**
 * Every S3 operation the codec serves, with its API name. The router maps each request to one of these and the
 * codec serves them in one exhaustive switch, so this list is exactly what is served (docs/coverage.md reads it
 * through {@code GET /_sagebox/operations}). Operations that write, read or delete object data execute; bucket,
 * listing and head ones read or write records only.
 */
enum S3Operation {
    LIST_BUCKETS("ListBuckets", false),
    CREATE_BUCKET("CreateBucket", false),
    HEAD_BUCKET("HeadBucket", false),
    DELETE_BUCKET("DeleteBucket", false),
    GET_BUCKET_LOCATION("GetBucketLocation", false),
    GET_BUCKET_VERSIONING("GetBucketVersioning", false),
    GET_BUCKET_ACL("GetBucketAcl", false),
    LIST_OBJECTS("ListObjects", false),
    LIST_OBJECTS_V2("ListObjectsV2", false),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", false),
    LIST_PARTS("ListParts", false),
    GET_OBJECT_TAGGING("GetObjectTagging", false),
    PUT_OBJECT("PutObject", true),
    GET_OBJECT("GetObject", true),
    HEAD_OBJECT("HeadObject", false),
    COPY_OBJECT("CopyObject", true),
    DELETE_OBJECT("DeleteObject", true),
    DELETE_OBJECTS("DeleteObjects", true),
    CREATE_MULTIPART_UPLOAD("CreateMultipartUpload", false),
    UPLOAD_PART("UploadPart", true),
    UPLOAD_PART_COPY("UploadPartCopy", true),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", true),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", true);

    private final String apiName;
    private final boolean executes;

    S3Operation(String apiName, boolean executes) {
        this.apiName = apiName;
        this.executes = executes;
    }

    String apiName() {
        return apiName;
    }

    boolean executes() {
        return executes;
    }
}
