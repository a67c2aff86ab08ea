package dev.sagebox.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Everything a promotion will do, decided before it does any of it: the target bucket, the objects to copy with
 * their sizes, the images to push, and the exact requests to send. {@code --dry-run} prints it and stops.
 */
public record Plan(String region, String bucket, boolean createBucket, List<CopyItem> objects,
                   List<ImageMapping.Mapped> images, List<Call> calls) {

    /** One request for the target's SageMaker, in the order sent. */
    public record Call(String operation, ObjectNode request) {
    }

    public long totalBytes() {
        return objects.stream().mapToLong(CopyItem::size).sum();
    }

    public void print(PrintWriter out) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println("Target: region " + region + ", bucket " + bucket + (createBucket ? " (will be created)" : ""));
        out.println("Objects to copy (" + objects.size() + ", " + totalBytes() + " bytes; objects the target already"
                + " has with the same size and CRC32 are skipped):");
        for (CopyItem item : objects) {
            out.println("  " + item.sourceUri() + " -> " + item.targetUri() + "  " + item.size() + " bytes");
        }
        for (ImageMapping.Mapped image : images) {
            out.println(image.push() ? "Image: push " + image.local() + " to " + image.target()
                    : "Image: " + image.target() + (image.local().equals(image.target()) ? ""
                    : " (local " + image.local() + ")"));
        }
        for (Call call : calls) {
            out.println(call.operation() + ":");
            try {
                out.println(json.writeValueAsString(call.request()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
    }
}
