package dev.sagebox.protocol.s3;

import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 REST-XML protocol (CONTRACTS.md §10). It is the last codec and claims every request left over: path style
 * {@code /{bucket}/{key+}} always, virtual-host style when {@code Host} is {@code <bucket>.<virtualHostBase>}.
 */
public final class S3Codec extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(S3Codec.class);
    /** Subresources we do not model: a clear 501 beats an answer that silently means something else. */
    private static final Set<String> UNSUPPORTED = Set.of("accelerate", "analytics", "cors", "encryption",
            "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "logging", "metrics", "notification",
            "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication",
            "requestPayment", "restore", "retention", "select", "tagging", "torrent", "versions", "website",
            "attributes", "acl", "versioning", "renameObject");

    private final S3Addressing addressing;
    private final BucketOperations buckets;
    private final ObjectOperations objects;
    private final ListOperations listings;
    private final MultipartOperations multipart;

    public S3Codec(ObjectStore store, String virtualHostBase) {
        this.addressing = new S3Addressing(virtualHostBase);
        this.buckets = new BucketOperations(store);
        this.objects = new ObjectOperations(store);
        this.listings = new ListOperations(store);
        this.multipart = new MultipartOperations(store);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            AuthErrors.requireAuthenticated(Authentication.of(request), "s3", AuthErrors.Style.S3);
            String[] location = addressing.locate(request);
            S3Call call = new S3Call(request, response, callback, location[0], location[1],
                    S3Addressing.query(request));
            dispatch(call);
        } catch (AwsException e) {
            S3Errors.send(request, response, callback, e);
        } catch (EofException | UncheckedIOException e) {
            if (isClientGone(e)) {
                LOG.debug("request {}: client went away: {}", Exchanges.requestId(request), e.toString());
                callback.failed(e);
            } else {
                internalError(request, response, callback, e);
            }
        } catch (Exception e) {
            internalError(request, response, callback, e);
        }
        return true;
    }

    private static boolean isClientGone(Exception e) {
        return e instanceof EofException || e.getCause() instanceof EofException;
    }

    private static void internalError(Request request, Response response, Callback callback, Exception e) {
        String id = Exchanges.requestId(request);
        LOG.error("request {} {} {} failed", id, request.getMethod(), request.getHttpURI().getPathQuery(), e);
        S3Errors.send(request, response, callback, new AwsException(S3Error.INTERNAL_ERROR,
                S3Error.INTERNAL_ERROR.defaultMessage() + " Request id " + id + "."));
    }

    private void dispatch(S3Call call) throws IOException {
        if (call.bucket() == null) {
            if (!"GET".equals(call.method())) {
                throw methodNotAllowed(call);
            }
            buckets.listBuckets(call);
        } else if (call.key() == null) {
            BucketOperations.requireExpectedOwner(call);
            bucketRequest(call);
        } else {
            BucketOperations.requireExpectedOwner(call);
            objectRequest(call);
        }
    }

    private void bucketRequest(S3Call call) throws IOException {
        switch (call.method()) {
            case "GET" -> {
                if (call.has("location")) {
                    buckets.getLocation(call);
                } else if (call.has("uploads")) {
                    multipart.listUploads(call);
                } else if (!buckets.answersProbe(call)) {
                    requireSupported(call);
                    if (call.param("list-type") != null) {
                        listings.listV2(call);
                    } else {
                        listings.listV1(call);
                    }
                }
            }
            case "HEAD" -> buckets.headBucket(call);
            case "PUT" -> {
                requireSupported(call);
                buckets.createBucket(call);
            }
            case "DELETE" -> {
                requireSupported(call);
                buckets.deleteBucket(call);
            }
            case "POST" -> {
                if (!call.has("delete")) {
                    throw methodNotAllowed(call);
                }
                listings.deleteObjects(call);
            }
            default -> throw methodNotAllowed(call);
        }
    }

    private void objectRequest(S3Call call) throws IOException {
        switch (call.method()) {
            case "GET" -> {
                if (call.has("uploadId")) {
                    multipart.listParts(call);
                } else if (call.has("tagging")) {
                    objects.getTagging(call);
                } else {
                    requireSupported(call);
                    objects.get(call);
                }
            }
            case "HEAD" -> {
                requireSupported(call);
                objects.get(call);
            }
            case "PUT" -> {
                requireSupported(call);
                if (call.has("uploadId") || call.has("partNumber")) {
                    multipart.uploadPart(call);
                } else if (call.header("x-amz-copy-source") != null) {
                    objects.copy(call);
                } else {
                    objects.put(call);
                }
            }
            case "DELETE" -> {
                if (call.has("uploadId")) {
                    multipart.abort(call);
                } else {
                    requireSupported(call);
                    objects.delete(call);
                }
            }
            case "POST" -> {
                if (call.has("uploads")) {
                    multipart.create(call);
                } else if (call.has("uploadId")) {
                    multipart.complete(call);
                } else {
                    requireSupported(call);
                    throw methodNotAllowed(call);
                }
            }
            default -> throw methodNotAllowed(call);
        }
    }

    private static String unsupported(S3Call call) {
        return call.query().keySet().stream().filter(UNSUPPORTED::contains).findFirst().orElse(null);
    }

    private static void requireSupported(S3Call call) {
        String subresource = unsupported(call);
        if (subresource != null) {
            throw notImplemented(subresource);
        }
    }

    private static AwsException notImplemented(String subresource) {
        return new AwsException(S3Error.NOT_IMPLEMENTED, "Sagebox does not implement the ?" + subresource
                + " subresource.");
    }

    private static AwsException methodNotAllowed(S3Call call) {
        return new AwsException(S3Error.METHOD_NOT_ALLOWED, S3Error.METHOD_NOT_ALLOWED.defaultMessage(),
                Map.of("Method", call.method(), "ResourceType", call.key() != null ? "OBJECT"
                        : call.bucket() != null ? "BUCKET" : "SERVICE"));
    }
}
