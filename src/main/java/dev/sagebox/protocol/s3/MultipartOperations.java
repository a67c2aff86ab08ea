package dev.sagebox.protocol.s3;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.Checksum;
import dev.sagebox.objectstore.ChecksumAlgorithm;
import dev.sagebox.objectstore.ChecksumType;
import dev.sagebox.objectstore.CompletedPart;
import dev.sagebox.objectstore.MultipartUpload;
import dev.sagebox.objectstore.MultipartUploads;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.OpenObject;
import dev.sagebox.objectstore.PartsPage;
import dev.sagebox.objectstore.StoredObject;
import dev.sagebox.objectstore.UploadedPart;
import dev.sagebox.objectstore.UploadsPage;
import dev.sagebox.protocol.Exchanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.w3c.dom.Element;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts and
 * ListMultipartUploads.
 */
final class MultipartOperations {
    private static final int MAX_COMPLETE_BODY = 4 * 1024 * 1024;
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final ObjectStore store;
    private final MultipartUploads uploads;

    MultipartOperations(ObjectStore store) {
        this.store = store;
        this.uploads = store.multipart();
    }

    void create(S3Call call) {
        String algorithmName = call.header("x-amz-checksum-algorithm");
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(algorithmName);
        if (algorithmName != null && algorithm == null) {
            throw new AwsException(S3Error.INVALID_REQUEST, "Checksum algorithm " + algorithmName
                    + " is not supported.");
        }
        MultipartUpload upload = uploads.create(call.bucket(), call.key(), ObjectHeaders.metadataOf(call), algorithm,
                ChecksumType.fromName(call.header("x-amz-checksum-type")));
        HttpFields.Mutable headers = call.response().getHeaders();
        if (upload.checksumAlgorithm() != null) {
            headers.put("x-amz-checksum-algorithm", upload.checksumAlgorithm().name());
            headers.put("x-amz-checksum-type", upload.checksumType().name());
        }
        XmlWriter xml = XmlWriter.document("InitiateMultipartUploadResult")
                .element("Bucket", call.bucket()).element("Key", call.key()).element("UploadId", upload.uploadId());
        S3Responses.xml(call, 200, xml.finish("InitiateMultipartUploadResult"));
    }

    void uploadPart(S3Call call) throws IOException {
        int partNumber = partNumber(call.param("partNumber"));
        String uploadId = requireUploadId(call);
        MultipartUpload upload = uploads.upload(call.bucket(), call.key(), uploadId);
        if (call.header("x-amz-copy-source") != null) {
            copyPart(call, upload, partNumber);
            return;
        }
        UploadBody body = UploadBody.open(call);
        Set<ChecksumAlgorithm> compute = EnumSet.noneOf(ChecksumAlgorithm.class);
        compute.addAll(body.compute());
        ChecksumAlgorithm kept = upload.checksumAlgorithm();
        if (kept != null) {
            compute.add(kept);
        }
        Checksum[] echoed = new Checksum[1];
        UploadedPart part = uploads.uploadPart(call.bucket(), call.key(), uploadId, partNumber, body.stream(),
                compute, digests -> {
                    echoed[0] = body.verify(digests);
                    return kept == null ? null : Base64.getEncoder().encodeToString(digests.checksums().get(kept));
                });
        HttpFields.Mutable headers = call.response().getHeaders();
        headers.put("ETag", part.etag());
        if (echoed[0] != null) {
            headers.put(echoed[0].algorithm().headerName(), echoed[0].value());
        }
        S3Responses.empty(call, 200);
    }

    /** UploadPartCopy: a part made from (a range of) another object, as the CLI does for large S3-to-S3 copies. */
    private void copyPart(S3Call call, MultipartUpload upload, int partNumber) throws IOException {
        String[] source = ObjectOperations.copySource(call.header("x-amz-copy-source"));
        try (OpenObject open = store.open(source[0], source[1])) {
            StoredObject original = open.object();
            if (ReadConditions.evaluate(call, original, "x-amz-copy-source-if-match",
                    "x-amz-copy-source-if-none-match", "x-amz-copy-source-if-modified-since",
                    "x-amz-copy-source-if-unmodified-since") == ReadConditions.Outcome.NOT_MODIFIED) {
                throw S3Error.PRECONDITION_FAILED.exception();
            }
            ByteRange range = copyRange(call.header("x-amz-copy-source-range"), original.size());
            ChecksumAlgorithm kept = upload.checksumAlgorithm();
            UploadedPart part = uploads.uploadPart(call.bucket(), call.key(), upload.uploadId(), partNumber,
                    FileBodies.slice(open.channel(), range.first(), range.length()),
                    kept == null ? Set.of() : Set.of(kept),
                    digests -> kept == null ? null : Base64.getEncoder().encodeToString(digests.checksums().get(kept)));
            XmlWriter xml = XmlWriter.document("CopyPartResult")
                    .element("LastModified", S3Responses.iso(part.lastModified())).element("ETag", part.etag());
            if (kept != null) {
                xml.element(kept.elementName(), part.checksum());
            }
            S3Responses.xml(call, 200, xml.finish("CopyPartResult"));
        }
    }

    /** {@code x-amz-copy-source-range: bytes=first-last}, inside the source; the whole source when absent. */
    private static ByteRange copyRange(String header, long size) {
        if (header == null) {
            return new ByteRange(0, size - 1);
        }
        Matcher m = COPY_RANGE.matcher(header.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))
                || Long.parseLong(m.group(2)) >= size) {
            throw ListOperations.invalidArgument("x-amz-copy-source-range", header,
                    "Range specified is not valid for source object of size: " + size);
        }
        return new ByteRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    void complete(S3Call call) throws IOException {
        String uploadId = requireUploadId(call);
        MultipartUpload upload = uploads.upload(call.bucket(), call.key(), uploadId);
        byte[] body = UploadBody.open(call, false).readVerified(MAX_COMPLETE_BODY);
        List<CompletedPart> parts = completedParts(body, upload.checksumAlgorithm());
        String fullObject = upload.checksumAlgorithm() == null ? null
                : call.header(upload.checksumAlgorithm().headerName());
        StoredObject object = uploads.complete(call.bucket(), call.key(), uploadId, parts, fullObject);
        XmlWriter xml = XmlWriter.document("CompleteMultipartUploadResult")
                .element("Location", Exchanges.context(call.request()).baseUrl() + "/" + call.bucket() + "/"
                        + Encoder.URL.apply(call.key()))
                .element("Bucket", call.bucket()).element("Key", call.key()).element("ETag", object.etag());
        if (object.checksum() != null) {
            xml.element(object.checksum().algorithm().elementName(), object.checksum().value())
                    .element("ChecksumType", object.checksum().type().name());
        }
        S3Responses.xml(call, 200, xml.finish("CompleteMultipartUploadResult"));
    }

    void abort(S3Call call) {
        uploads.abort(call.bucket(), call.key(), requireUploadId(call));
        S3Responses.empty(call, 204);
    }

    void listParts(S3Call call) {
        String uploadId = requireUploadId(call);
        int marker = call.param("part-number-marker") == null ? 0 : integer("part-number-marker",
                call.param("part-number-marker"));
        int maxParts = call.param("max-parts") == null ? 1000 : integer("max-parts", call.param("max-parts"));
        PartsPage page = uploads.listParts(call.bucket(), call.key(), uploadId, marker, maxParts);
        MultipartUpload upload = page.upload();
        XmlWriter xml = XmlWriter.document("ListPartsResult")
                .element("Bucket", call.bucket()).element("Key", call.key()).element("UploadId", uploadId);
        initiatorAndOwner(xml);
        xml.element("StorageClass", "STANDARD")
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.nextPartNumberMarker())
                .element("MaxParts", maxParts)
                .element("IsTruncated", page.isTruncated());
        if (upload.checksumAlgorithm() != null) {
            xml.element("ChecksumAlgorithm", upload.checksumAlgorithm().name())
                    .element("ChecksumType", upload.checksumType().name());
        }
        for (UploadedPart part : page.parts()) {
            xml.start("Part").element("PartNumber", part.partNumber())
                    .element("LastModified", S3Responses.iso(part.lastModified()))
                    .element("ETag", part.etag()).element("Size", part.size());
            if (part.checksum() != null && upload.checksumAlgorithm() != null) {
                xml.element(upload.checksumAlgorithm().elementName(), part.checksum());
            }
            xml.end("Part");
        }
        S3Responses.xml(call, 200, xml.finish("ListPartsResult"));
    }

    void listUploads(S3Call call) {
        Encoder encoder = ListOperations.encoder(call);
        int maxUploads = call.param("max-uploads") == null ? 1000 : integer("max-uploads", call.param("max-uploads"));
        UploadsPage page = uploads.listUploads(call.bucket(), call.param("prefix"), call.param("delimiter"),
                call.param("key-marker"), call.param("upload-id-marker"), maxUploads);
        XmlWriter xml = XmlWriter.document("ListMultipartUploadsResult")
                .element("Bucket", call.bucket())
                .element("KeyMarker", encoder.apply(nullToEmpty(call.param("key-marker"))))
                .element("UploadIdMarker", nullToEmpty(call.param("upload-id-marker")))
                .element("NextKeyMarker", encoder.apply(page.nextKeyMarker()))
                .element("NextUploadIdMarker", page.nextUploadIdMarker())
                .element("Prefix", encoder.apply(nullToEmpty(call.param("prefix"))))
                .element("Delimiter", encoder.apply(call.param("delimiter")))
                .element("MaxUploads", maxUploads)
                .element("IsTruncated", page.isTruncated())
                .element("EncodingType", encoder.type());
        for (MultipartUpload upload : page.uploads()) {
            xml.start("Upload").element("Key", encoder.apply(upload.key())).element("UploadId", upload.uploadId());
            initiatorAndOwner(xml);
            xml.element("StorageClass", "STANDARD").element("Initiated", S3Responses.iso(upload.initiated()));
            if (upload.checksumAlgorithm() != null) {
                xml.element("ChecksumAlgorithm", upload.checksumAlgorithm().name())
                        .element("ChecksumType", upload.checksumType().name());
            }
            xml.end("Upload");
        }
        for (String prefix : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", encoder.apply(prefix)).end("CommonPrefixes");
        }
        S3Responses.xml(call, 200, xml.finish("ListMultipartUploadsResult"));
    }

    /** The {@code <Part>} list of a CompleteMultipartUpload body; anything off-schema is {@code MalformedXML}. */
    static List<CompletedPart> completedParts(byte[] body, ChecksumAlgorithm algorithm) {
        if (body == null) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Element root = XmlBodies.parse(body);
        if (!"CompleteMultipartUpload".equals(XmlBodies.localName(root))) {
            throw S3Error.MALFORMED_XML.exception();
        }
        List<CompletedPart> parts = new ArrayList<>();
        for (Element part : XmlBodies.children(root, "Part")) {
            String number = XmlBodies.text(part, "PartNumber");
            String etag = XmlBodies.text(part, "ETag");
            if (number == null || etag == null) {
                throw S3Error.MALFORMED_XML.exception();
            }
            int partNumber;
            try {
                partNumber = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw S3Error.MALFORMED_XML.exception();
            }
            String checksum = algorithm == null ? null : XmlBodies.text(part, algorithm.elementName());
            parts.add(new CompletedPart(partNumber, etag, checksum));
        }
        if (parts.isEmpty()) {
            throw S3Error.MALFORMED_XML.exception();
        }
        return parts;
    }

    private static void initiatorAndOwner(XmlWriter xml) {
        xml.start("Initiator").element("ID", S3Responses.OWNER_ID).element("DisplayName", S3Responses.OWNER_NAME)
                .end("Initiator");
        S3Responses.owner(xml);
    }

    private static String requireUploadId(S3Call call) {
        String uploadId = call.param("uploadId");
        if (uploadId == null || uploadId.isEmpty()) {
            throw S3Error.NO_SUCH_UPLOAD.exception(Map.of("UploadId", ""));
        }
        return uploadId;
    }

    private static int partNumber(String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw ListOperations.invalidArgument("partNumber", value,
                    "Part number must be an integer between 1 and 10000, inclusive");
        }
    }

    private static int integer(String name, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ListOperations.invalidArgument(name, value, "Provided " + name + " not an integer or within "
                    + "integer range");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
