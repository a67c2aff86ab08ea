package dev.sagebox.protocol.s3;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.ObjectMetadata;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.OpenObject;
import dev.sagebox.objectstore.StoredObject;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/** PutObject, GetObject, HeadObject, CopyObject and DeleteObject. */
final class ObjectOperations {
    private final ObjectStore store;

    ObjectOperations(ObjectStore store) {
        this.store = store;
    }

    void put(S3Call call) throws IOException {
        requireWriteConditions(call);
        ObjectMetadata metadata = ObjectHeaders.metadataOf(call);
        UploadBody body = UploadBody.open(call);
        StoredObject object = store.put(call.bucket(), call.key(), body.stream(), metadata, body.compute(),
                body::verify);
        HttpFields.Mutable headers = call.response().getHeaders();
        headers.put("ETag", object.etag());
        ObjectHeaders.writeChecksum(headers, object.checksum());
        S3Responses.empty(call, 200);
    }

    /**
     * Conditional writes ({@code If-None-Match: *} to create only, {@code If-Match} to replace a known version),
     * checked before the body is read; a racing writer can still slip in between.
     */
    private void requireWriteConditions(S3Call call) {
        String ifNoneMatch = call.header("If-None-Match");
        String ifMatch = call.header("If-Match");
        if (ifNoneMatch == null && ifMatch == null) {
            return;
        }
        StoredObject existing;
        try {
            existing = store.head(call.bucket(), call.key());
        } catch (AwsException e) {
            if (!e.code().equals(S3Error.NO_SUCH_KEY.code())) {
                throw e;
            }
            existing = null;
        }
        if (ifNoneMatch != null && existing != null && ReadConditions.matches(ifNoneMatch, existing.etag())) {
            throw S3Error.PRECONDITION_FAILED.exception(Map.of("Condition", "If-None-Match"));
        }
        if (ifMatch != null && existing == null) {
            throw S3Error.NO_SUCH_KEY.exception(Map.of("Key", call.key()));
        }
        if (ifMatch != null && !ReadConditions.matches(ifMatch, existing.etag())) {
            throw S3Error.PRECONDITION_FAILED.exception(Map.of("Condition", "If-Match"));
        }
    }

    /** GetObject and HeadObject: conditions, then an optional range, then the file. */
    void get(S3Call call) throws IOException {
        try (OpenObject open = store.open(call.bucket(), call.key())) {
            StoredObject object = open.object();
            HttpFields.Mutable headers = call.response().getHeaders();
            if (ReadConditions.evaluate(call, object) == ReadConditions.Outcome.NOT_MODIFIED) {
                headers.put("ETag", object.etag());
                headers.put("Last-Modified", S3Responses.http(object.lastModified()));
                S3Responses.empty(call, 304);
                return;
            }
            ByteRange range = call.param("partNumber") != null ? partRange(call, object)
                    : ByteRange.parse(call.header("Range"), object.size());
            ObjectHeaders.write(headers, object, call.query());
            long offset = 0;
            long length = object.size();
            int status = 200;
            if (range != null) {
                status = 206;
                offset = range.first();
                length = range.length();
                headers.put("Content-Range", range.contentRange(object.size()));
            } else if ("ENABLED".equalsIgnoreCase(call.header("x-amz-checksum-mode"))) {
                // Never on a range: the SDK would validate the full-object checksum against a slice.
                ObjectHeaders.writeChecksum(headers, object.checksum());
            }
            headers.put("Content-Length", length);
            call.response().setStatus(status);
            if (call.isHead()) {
                call.response().write(true, null, call.callback());
            } else {
                FileBodies.send(call.response(), call.callback(), open.channel(), offset, length);
            }
        }
    }

    /**
     * The byte range of {@code ?partNumber=n}: a part of a multipart object, or the whole of a single-part one (part
     * 1). Multipart downloaders (the Java transfer manager) read {@code x-amz-mp-parts-count} from part 1.
     */
    private static ByteRange partRange(S3Call call, StoredObject object) {
        if (call.header("Range") != null) {
            throw new AwsException(S3Error.INVALID_REQUEST,
                    "Cannot specify both Range header and partNumber query parameter");
        }
        int partNumber;
        try {
            partNumber = Integer.parseInt(call.param("partNumber").trim());
        } catch (NumberFormatException e) {
            throw ListOperations.invalidArgument("partNumber", call.param("partNumber"),
                    "Part number must be an integer between 1 and 10000, inclusive");
        }
        int count = Math.max(1, object.partsCount());
        if (partNumber < 1 || partNumber > count) {
            throw S3Error.INVALID_PART_NUMBER.exception(Map.of("PartNumberRequested", partNumber,
                    "ActualPartCount", count));
        }
        if (object.partsCount() > 0) {
            call.response().getHeaders().put("x-amz-mp-parts-count", object.partsCount());
        }
        if (object.size() == 0) {
            return null;
        }
        if (object.partsCount() == 0) {
            return new ByteRange(0, object.size() - 1);
        }
        long first = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            first += object.partSizes().get(i);
        }
        return new ByteRange(first, first + object.partSizes().get(partNumber - 1) - 1);
    }

    void copy(S3Call call) throws IOException {
        String[] source = copySource(call.header("x-amz-copy-source"));
        String directive = call.header("x-amz-metadata-directive");
        boolean replace = directive != null && directive.trim().toUpperCase(Locale.ROOT).equals("REPLACE");
        if (directive != null && !replace && !directive.trim().equalsIgnoreCase("COPY")) {
            throw new AwsException(S3Error.INVALID_ARGUMENT, "Unknown metadata directive.",
                    Map.of("ArgumentName", "x-amz-metadata-directive", "ArgumentValue", directive));
        }
        StoredObject original = store.head(source[0], source[1]);
        if (ReadConditions.evaluate(call, original, "x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match",
                "x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since")
                == ReadConditions.Outcome.NOT_MODIFIED) {
            throw S3Error.PRECONDITION_FAILED.exception();
        }
        if (!replace && source[0].equals(call.bucket()) && source[1].equals(call.key())) {
            throw new AwsException(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to "
                    + "copy an object to itself without changing the object's metadata, storage class, website "
                    + "redirect location or encryption attributes.");
        }
        StoredObject copy = store.copy(source[0], source[1], call.bucket(), call.key(),
                replace ? ObjectHeaders.metadataOf(call) : null);
        XmlWriter xml = XmlWriter.document("CopyObjectResult")
                .element("LastModified", S3Responses.iso(copy.lastModified()))
                .element("ETag", copy.etag());
        if (copy.checksum() != null) {
            xml.element(copy.checksum().algorithm().elementName(), copy.checksum().value());
        }
        S3Responses.xml(call, 200, xml.finish("CopyObjectResult"));
    }

    /**
     * GetObjectTagging: objects carry no tags here, so the set is truthfully empty. The AWS CLI v2 reads it when it
     * copies an object between buckets (copy-props) and gives up on a 501.
     */
    void getTagging(S3Call call) {
        store.head(call.bucket(), call.key());
        S3Responses.xml(call, 200, XmlWriter.document("Tagging").start("TagSet").end("TagSet").finish("Tagging"));
    }

    void delete(S3Call call) {
        store.delete(call.bucket(), call.key());
        S3Responses.empty(call, 204);
    }

    /** {bucket, key} of {@code x-amz-copy-source}: URL-encoded, leading {@code /} optional, no version id. */
    static String[] copySource(String header) {
        String value = header.trim();
        int query = value.indexOf('?');
        if (query >= 0) {
            value = value.substring(0, query);
        }
        value = S3Addressing.decode(value, false);
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new AwsException(S3Error.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
                    + "sourcebucket/sourcekey", Map.of("ArgumentName", "x-amz-copy-source", "ArgumentValue", header));
        }
        return new String[] {value.substring(0, slash), value.substring(slash + 1)};
    }
}
