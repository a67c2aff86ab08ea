package dev.sagebox.protocol.s3;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.ListPage;
import dev.sagebox.objectstore.ListQuery;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.StoredObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** ListObjectsV2, ListObjects (v1) and DeleteObjects. */
final class ListOperations {
    private static final int MAX_KEYS = 1000;
    private static final int MAX_DELETE_BODY = 4 * 1024 * 1024;

    private final ObjectStore store;

    ListOperations(ObjectStore store) {
        this.store = store;
    }

    void listV2(S3Call call) {
        if (!"2".equals(call.param("list-type"))) {
            throw invalidArgument("list-type", call.param("list-type"), "Invalid List Type specified.");
        }
        Encoder encoder = encoder(call);
        int maxKeys = maxKeys(call);
        String token = call.param("continuation-token");
        String startAfter = call.param("start-after");
        ListPage page = store.list(call.bucket(), new ListQuery(call.param("prefix"), call.param("delimiter"),
                maxKeys, startAfter, token == null || token.isEmpty() ? null : token));
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", call.bucket())
                .element("Prefix", encoder.apply(nullToEmpty(call.param("prefix"))))
                .element("Delimiter", encoder.apply(call.param("delimiter")))
                .element("MaxKeys", maxKeys)
                .element("KeyCount", page.keyCount())
                .element("IsTruncated", page.isTruncated())
                .element("EncodingType", encoder.type())
                .element("ContinuationToken", token)
                .element("NextContinuationToken", page.nextToken())
                .element("StartAfter", encoder.apply(startAfter));
        boolean withOwner = "true".equalsIgnoreCase(call.param("fetch-owner"));
        contents(xml, page, encoder, withOwner);
        S3Responses.xml(call, 200, xml.finish("ListBucketResult"));
    }

    void listV1(S3Call call) {
        Encoder encoder = encoder(call);
        int maxKeys = maxKeys(call);
        String marker = call.param("marker");
        String delimiter = call.param("delimiter");
        ListPage page = store.list(call.bucket(), new ListQuery(call.param("prefix"), delimiter, maxKeys, marker,
                null));
        boolean withDelimiter = delimiter != null && !delimiter.isEmpty();
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", call.bucket())
                .element("Prefix", encoder.apply(nullToEmpty(call.param("prefix"))))
                .element("Marker", encoder.apply(nullToEmpty(marker)))
                .element("NextMarker", page.isTruncated() && withDelimiter ? encoder.apply(page.lastItem()) : null)
                .element("MaxKeys", maxKeys)
                .element("Delimiter", encoder.apply(delimiter))
                .element("IsTruncated", page.isTruncated())
                .element("EncodingType", encoder.type());
        contents(xml, page, encoder, true);
        S3Responses.xml(call, 200, xml.finish("ListBucketResult"));
    }

    private static void contents(XmlWriter xml, ListPage page, Encoder encoder, boolean withOwner) {
        for (StoredObject object : page.contents()) {
            xml.start("Contents")
                    .element("Key", encoder.apply(object.key()))
                    .element("LastModified", S3Responses.iso(object.lastModified()))
                    .element("ETag", object.etag());
            if (object.checksum() != null) {
                xml.element("ChecksumAlgorithm", object.checksum().algorithm().name())
                        .element("ChecksumType", object.checksum().type().name());
            }
            xml.element("Size", object.size());
            if (withOwner) {
                S3Responses.owner(xml);
            }
            xml.element("StorageClass", "STANDARD").end("Contents");
        }
        for (String prefix : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", encoder.apply(prefix)).end("CommonPrefixes");
        }
    }

    void deleteObjects(S3Call call) throws IOException {
        store.bucket(call.bucket());
        byte[] body = UploadBody.open(call).readVerified(MAX_DELETE_BODY);
        if (body == null) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Element delete = XmlBodies.parse(body);
        if (!"Delete".equals(XmlBodies.localName(delete))) {
            throw S3Error.MALFORMED_XML.exception();
        }
        boolean quiet = "true".equalsIgnoreCase(XmlBodies.text(delete, "Quiet"));
        List<Element> objects = XmlBodies.children(delete, "Object");
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw S3Error.MALFORMED_XML.exception();
        }
        XmlWriter xml = XmlWriter.document("DeleteResult");
        for (Element object : objects) {
            String key = XmlBodies.text(object, "Key");
            if (key == null) {
                throw S3Error.MALFORMED_XML.exception();
            }
            try {
                store.delete(call.bucket(), key);
                if (!quiet) {
                    xml.start("Deleted").element("Key", key).end("Deleted");
                }
            } catch (AwsException e) {
                xml.start("Error").element("Key", key).element("Code", e.code()).element("Message", e.getMessage())
                        .end("Error");
            }
        }
        S3Responses.xml(call, 200, xml.finish("DeleteResult"));
    }

    static int maxKeys(S3Call call) {
        String value = call.param("max-keys");
        if (value == null || value.isEmpty()) {
            return MAX_KEYS;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw invalidArgument("max-keys", value,
                        "Argument maxKeys must be an integer between 0 and 2147483647");
            }
            return Math.min(parsed, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw invalidArgument("max-keys", value, "Provided max-keys not an integer or within integer range");
        }
    }

    static Encoder encoder(S3Call call) {
        String type = call.param("encoding-type");
        if (type == null || type.isEmpty()) {
            return Encoder.NONE;
        }
        if (!type.equalsIgnoreCase("url")) {
            throw invalidArgument("encoding-type", type, "Invalid Encoding Method specified in Request");
        }
        return Encoder.URL;
    }

    static AwsException invalidArgument(String name, String value, String message) {
        return new AwsException(S3Error.INVALID_ARGUMENT, message,
                Map.of("ArgumentName", name, "ArgumentValue", value == null ? "" : value));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
