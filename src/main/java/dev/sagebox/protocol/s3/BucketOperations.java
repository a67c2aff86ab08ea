package dev.sagebox.protocol.s3;

import dev.sagebox.aws.Account;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.Bucket;
import dev.sagebox.objectstore.ObjectStore;
import java.io.IOException;
import java.util.Map;
import org.w3c.dom.Element;

/** ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket and the probes clients send. */
final class BucketOperations {
    private static final int MAX_CONFIGURATION = 64 * 1024;

    private final ObjectStore store;

    BucketOperations(ObjectStore store) {
        this.store = store;
    }

    void listBuckets(S3Call call) {
        XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult");
        S3Responses.owner(xml);
        xml.start("Buckets");
        for (Bucket bucket : store.buckets()) {
            xml.start("Bucket").element("Name", bucket.name())
                    .element("CreationDate", S3Responses.iso(bucket.creationDate()))
                    .element("BucketRegion", bucket.region()).end("Bucket");
        }
        xml.end("Buckets");
        S3Responses.xml(call, 200, xml.finish("ListAllMyBucketsResult"));
    }

    void createBucket(S3Call call) throws IOException {
        byte[] body = UploadBody.open(call).readVerified(MAX_CONFIGURATION);
        if (body == null) {
            throw S3Error.MALFORMED_XML.exception();
        }
        String region = call.region();
        if (body.length > 0) {
            Element configuration = XmlBodies.parse(body);
            String constraint = XmlBodies.text(configuration, "LocationConstraint");
            if (constraint != null && !constraint.isEmpty()) {
                region = constraint;
            }
        }
        store.createBucket(call.bucket(), region);
        call.response().getHeaders().put("Location", "/" + call.bucket());
        S3Responses.empty(call, 200);
    }

    void headBucket(S3Call call) {
        Bucket bucket = store.bucket(call.bucket());
        call.response().getHeaders().put("x-amz-bucket-region", bucket.region());
        S3Responses.empty(call, 200);
    }

    void getLocation(S3Call call) {
        Bucket bucket = store.bucket(call.bucket());
        // S3 reports us-east-1 as an empty constraint, and botocore maps empty back to us-east-1.
        String constraint = "us-east-1".equals(bucket.region()) ? null : bucket.region();
        XmlWriter xml = XmlWriter.document("LocationConstraint");
        if (constraint != null) {
            xml.text(constraint);
        }
        byte[] body = xml.finish("LocationConstraint");
        S3Responses.xml(call, 200, body);
    }

    void deleteBucket(S3Call call) {
        store.deleteBucket(call.bucket());
        S3Responses.empty(call, 204);
    }

    /** A read-only probe clients send for any bucket: versioning was never enabled. */
    void getVersioning(S3Call call) {
        store.bucket(call.bucket());
        S3Responses.xml(call, 200, XmlWriter.document("VersioningConfiguration").finish("VersioningConfiguration"));
    }

    /** A read-only probe clients send for any bucket: the owner has full control. */
    void getAcl(S3Call call) {
        store.bucket(call.bucket());
        XmlWriter xml = XmlWriter.document("AccessControlPolicy");
        S3Responses.owner(xml);
        xml.start("AccessControlList").start("Grant");
        xml.start("Grantee").element("ID", S3Responses.OWNER_ID).element("DisplayName", S3Responses.OWNER_NAME)
                .end("Grantee");
        xml.element("Permission", "FULL_CONTROL").end("Grant").end("AccessControlList");
        S3Responses.xml(call, 200, xml.finish("AccessControlPolicy"));
    }

    /** {@code x-amz-expected-bucket-owner} naming another account is a 403, as S3 answers. */
    static void requireExpectedOwner(S3Call call) {
        String expected = call.header("x-amz-expected-bucket-owner");
        if (expected != null && !expected.trim().equals(Account.ID)) {
            throw S3Error.ACCESS_DENIED.exception(Map.of("BucketName", call.bucket()));
        }
    }
}
