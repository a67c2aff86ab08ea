package dev.sagebox.protocol.s3;

import dev.sagebox.auth.Authentication;
import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.S3Error;
import dev.sagebox.aws.ServedOperation;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.protocol.AuthErrors;
import dev.sagebox.protocol.Exchanges;
import dev.sagebox.protocol.ServesOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
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
public final class S3Codec extends Handler.Abstract implements ServesOperations {
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

    @Override
    public List<ServedOperation> servedOperations() {
        return Arrays.stream(S3Operation.values())
                .map(operation -> new ServedOperation("s3", operation.apiName(), operation.executes())).toList();
    }

    private void dispatch(S3Call call) throws IOException {
        if (call.bucket() != null) {
            BucketOperations.requireExpectedOwner(call);
        }
        S3Operation operation = route(call);
        // A switch expression, so that an operation added to S3Operation without a handler does not compile.
        S3Action action = switch (operation) {
            case LIST_BUCKETS -> buckets::listBuckets;
            case CREATE_BUCKET -> buckets::createBucket;
            case HEAD_BUCKET -> buckets::headBucket;
            case DELETE_BUCKET -> buckets::deleteBucket;
            case GET_BUCKET_LOCATION -> buckets::getLocation;
            case GET_BUCKET_VERSIONING -> buckets::getVersioning;
            case GET_BUCKET_ACL -> buckets::getAcl;
            case LIST_OBJECTS -> listings::listV1;
            case LIST_OBJECTS_V2 -> listings::listV2;
            case DELETE_OBJECTS -> listings::deleteObjects;
            case LIST_MULTIPART_UPLOADS -> multipart::listUploads;
            case LIST_PARTS -> multipart::listParts;
            case GET_OBJECT_TAGGING -> objects::getTagging;
            case PUT_OBJECT -> objects::put;
            case GET_OBJECT, HEAD_OBJECT -> objects::get;
            case COPY_OBJECT -> objects::copy;
            case DELETE_OBJECT -> objects::delete;
            case CREATE_MULTIPART_UPLOAD -> multipart::create;
            case UPLOAD_PART, UPLOAD_PART_COPY -> multipart::uploadPart;
            case COMPLETE_MULTIPART_UPLOAD -> multipart::complete;
            case ABORT_MULTIPART_UPLOAD -> multipart::abort;
        };
        action.serve(call);
    }

    /** Serves one routed request. */
    @FunctionalInterface
    private interface S3Action {
        void serve(S3Call call) throws IOException;
    }

    /** The operation a request asks for; subresources we do not model are refused here. */
    static S3Operation route(S3Call call) {
        if (call.bucket() == null) {
            if (!"GET".equals(call.method())) {
                throw methodNotAllowed(call);
            }
            return S3Operation.LIST_BUCKETS;
        }
        return call.key() == null ? bucketRoute(call) : objectRoute(call);
    }

    private static S3Operation bucketRoute(S3Call call) {
        switch (call.method()) {
            case "GET" -> {
                if (call.has("location")) {
                    return S3Operation.GET_BUCKET_LOCATION;
                } else if (call.has("uploads")) {
                    return S3Operation.LIST_MULTIPART_UPLOADS;
                } else if (call.has("versioning")) {
                    return S3Operation.GET_BUCKET_VERSIONING;
                } else if (call.has("acl")) {
                    return S3Operation.GET_BUCKET_ACL;
                }
                requireSupported(call);
                return call.param("list-type") != null ? S3Operation.LIST_OBJECTS_V2 : S3Operation.LIST_OBJECTS;
            }
            case "HEAD" -> {
                return S3Operation.HEAD_BUCKET;
            }
            case "PUT" -> {
                requireSupported(call);
                return S3Operation.CREATE_BUCKET;
            }
            case "DELETE" -> {
                requireSupported(call);
                return S3Operation.DELETE_BUCKET;
            }
            case "POST" -> {
                if (call.has("delete")) {
                    return S3Operation.DELETE_OBJECTS;
                }
                throw methodNotAllowed(call);
            }
            default -> throw methodNotAllowed(call);
        }
    }

    private static S3Operation objectRoute(S3Call call) {
        switch (call.method()) {
            case "GET" -> {
                if (call.has("uploadId")) {
                    return S3Operation.LIST_PARTS;
                } else if (call.has("tagging")) {
                    return S3Operation.GET_OBJECT_TAGGING;
                }
                requireSupported(call);
                return S3Operation.GET_OBJECT;
            }
            case "HEAD" -> {
                requireSupported(call);
                return S3Operation.HEAD_OBJECT;
            }
            case "PUT" -> {
                requireSupported(call);
                boolean copy = call.header("x-amz-copy-source") != null;
                if (call.has("uploadId") || call.has("partNumber")) {
                    return copy ? S3Operation.UPLOAD_PART_COPY : S3Operation.UPLOAD_PART;
                }
                return copy ? S3Operation.COPY_OBJECT : S3Operation.PUT_OBJECT;
            }
            case "DELETE" -> {
                if (call.has("uploadId")) {
                    return S3Operation.ABORT_MULTIPART_UPLOAD;
                }
                requireSupported(call);
                return S3Operation.DELETE_OBJECT;
            }
            case "POST" -> {
                if (call.has("uploads")) {
                    return S3Operation.CREATE_MULTIPART_UPLOAD;
                } else if (call.has("uploadId")) {
                    return S3Operation.COMPLETE_MULTIPART_UPLOAD;
                }
                requireSupported(call);
                throw methodNotAllowed(call);
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
