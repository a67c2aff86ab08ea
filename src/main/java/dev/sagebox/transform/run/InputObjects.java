package dev.sagebox.transform.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.aws.AwsException;
import dev.sagebox.jobs.S3Location;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.objectstore.StoredObject;
import dev.sagebox.transform.api.TransformS3DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists a transform job's input files (CONTRACTS §8.1): every object under an {@code S3Prefix} (recursively), the
 * objects a {@code ManifestFile} names, or the files under a {@code file://} path. A prefix that ends at a "folder"
 * boundary is stripped with its {@code /}; a prefix that ends inside a name (or names one object) keeps the last
 * segment, so {@code s3://b/in/data.csv} gives {@code data.csv.out}, as the cloud does.
 */
final class InputObjects {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputObjects() {
    }

    /** @throws InputException with the job's ClientError reason */
    static List<InputObject> list(ObjectStore store, TransformS3DataSource source) throws InputException {
        S3Location location = S3Location.parse(source.s3Uri());
        if ("ManifestFile".equals(source.s3DataType())) {
            return manifest(store, location, source.s3Uri());
        }
        List<InputObject> objects = location.isFile() ? files(location.key()) : prefix(store, location);
        if (objects.isEmpty()) {
            throw new InputException("ClientError: No S3 objects found under S3 URL \"" + source.s3Uri()
                    + "\" given in input data source.");
        }
        return objects;
    }

    private static List<InputObject> prefix(ObjectStore store, S3Location location) throws InputException {
        List<InputObject> objects = new ArrayList<>();
        try {
            for (StoredObject object : store.objects(location.bucket(), location.key())) {
                if (!object.key().endsWith("/")) {
                    objects.add(new InputObject("s3://" + location.bucket() + "/" + object.key(),
                            relative(location.key(), object.key()), object.file(), object.size()));
                }
            }
        } catch (AwsException e) {
            throw new InputException("ClientError: Could not list input s3://" + location.bucket() + "/"
                    + location.key() + ": " + e.getMessage());
        }
        return objects;
    }

    /** The key relative to the prefix; see the class comment. */
    static String relative(String prefix, String key) {
        if (prefix.isEmpty() || prefix.endsWith("/")) {
            return key.substring(prefix.length());
        }
        if (key.startsWith(prefix + "/")) {
            return key.substring(prefix.length() + 1);
        }
        return key.substring(prefix.lastIndexOf('/') + 1);
    }

    private static List<InputObject> files(String path) throws InputException {
        Path root = Path.of(path);
        if (Files.isRegularFile(root)) {
            return List.of(fileObject(root, root.getFileName().toString()));
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<InputObject> objects = new ArrayList<>();
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                objects.add(fileObject(file, root.relativize(file).toString()));
            }
            return objects;
        } catch (IOException e) {
            throw new InputException("ClientError: Could not list input " + path + ": " + e.getMessage());
        }
    }

    private static InputObject fileObject(Path file, String relative) throws InputException {
        try {
            return new InputObject("file://" + file.toAbsolutePath(), relative, file, Files.size(file));
        } catch (IOException e) {
            throw new InputException("ClientError: Could not read input " + file + ": " + e.getMessage());
        }
    }

    /** {@code [{"prefix":"s3://b/p/"},"rel",…]}: each object is the prefix plus a relative key. */
    private static List<InputObject> manifest(ObjectStore store, S3Location location, String uri)
            throws InputException {
        JsonNode manifest;
        try {
            Path file = location.isFile() ? Path.of(location.key())
                    : store.storedFile(location.bucket(), location.key());
            manifest = JSON.readTree(file.toFile());
        } catch (IOException | AwsException e) {
            throw new InputException("ClientError: Could not read the manifest " + uri + ": " + e.getMessage());
        }
        if (!manifest.isArray() || manifest.isEmpty() || !manifest.get(0).has("prefix")) {
            throw new InputException("ClientError: The manifest " + uri + " is not a JSON array that starts with"
                    + " {\"prefix\": \"s3://…\"}.");
        }
        S3Location prefix = S3Location.parse(manifest.get(0).get("prefix").asText());
        List<InputObject> objects = new ArrayList<>();
        for (int i = 1; i < manifest.size(); i++) {
            String relative = manifest.get(i).asText();
            S3Location object = prefix.resolve(relative);
            try {
                Path file = object.isFile() ? Path.of(object.key()) : store.storedFile(object.bucket(), object.key());
                objects.add(new InputObject(object.toString(), relative, file, Files.size(file)));
            } catch (IOException | AwsException e) {
                throw new InputException("ClientError: The manifest " + uri + " names " + object
                        + ", which could not be read: " + e.getMessage());
            }
        }
        if (objects.isEmpty()) {
            throw new InputException("ClientError: The manifest " + uri + " names no objects.");
        }
        return objects;
    }

    /** Input that cannot be read; the message is the job's FailureReason. */
    static final class InputException extends Exception {
        InputException(String reason) {
            super(reason, null, false, false);
        }
    }
}
