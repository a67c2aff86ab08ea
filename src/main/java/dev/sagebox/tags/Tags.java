package dev.sagebox.tags;

import dev.sagebox.aws.AwsException;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.PageToken;
import dev.sagebox.aws.SageMakerError;
import dev.sagebox.aws.Validator;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tags of every SageMaker resource, keyed by ARN. Resource kinds register how to check that an ARN exists and what
 * error a missing one gives, so AddTags on a missing model says {@code Could not find model ...} like AWS.
 */
public final class Tags {
    public static final Schema SCHEMA = new Schema("tags", List.of("""
            CREATE TABLE sagemaker_tags (arn TEXT NOT NULL, tag_key TEXT NOT NULL, tag_value TEXT NOT NULL,
                position INTEGER NOT NULL, PRIMARY KEY (arn, tag_key));
            """));
    private static final String ARN_PATTERN = "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+";

    private final StateStore state;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    private record Kind(Predicate<String> exists, Function<String, AwsException> missing) {
    }

    public Tags(StateStore state) {
        this.state = state;
    }

    /**
     * Makes a resource type ({@code training-job}, {@code model}, ...) taggable.
     *
     * @param exists  whether a resource with that ARN exists
     * @param missing the error for an ARN that does not exist
     */
    public void register(String resourceType, Predicate<String> exists, Function<String, AwsException> missing) {
        kinds.put(resourceType, new Kind(exists, missing));
    }

    public List<Operation<?, ?>> operations() {
        return List.of(
                Operation.of("AddTags", AddTagsRequest.class, (context, request) -> add(request)),
                Operation.of("ListTags", ListTagsRequest.class, (context, request) -> list(request)),
                Operation.of("DeleteTags", DeleteTagsRequest.class, (context, request) -> delete(request)));
    }

    AddTagsResponse add(AddTagsRequest request) {
        Validator v = Validator.create();
        validateArn(v, request.resourceArn());
        if (v.required("tags", request.tags())) {
            Tag.validate(v, "tags", request.tags());
        }
        v.throwIfInvalid();
        requireExisting(request.resourceArn());
        state.write(connection -> {
            put(connection, request.resourceArn(), request.tags());
            return null;
        });
        return new AddTagsResponse(request.tags());
    }

    ListTagsResponse list(ListTagsRequest request) {
        Validator v = Validator.create();
        validateArn(v, request.resourceArn());
        v.range("maxResults", request.maxResults(), 50, 100);
        v.throwIfInvalid();
        requireExisting(request.resourceArn());
        List<Tag> all = state.read(connection -> of(connection, request.resourceArn()));
        int offset = PageToken.offset(request.nextToken());
        int size = request.maxResults() == null ? 50 : request.maxResults();
        List<Tag> page = all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
        return new ListTagsResponse(List.copyOf(page), PageToken.next(offset, size, all.size()));
    }

    Void delete(DeleteTagsRequest request) {
        Validator v = Validator.create();
        validateArn(v, request.resourceArn());
        if (v.required("tagKeys", request.tagKeys())) {
            v.size("tagKeys", request.tagKeys(), 1, 50);
        }
        v.throwIfInvalid();
        requireExisting(request.resourceArn());
        state.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sagemaker_tags WHERE arn = ? AND tag_key = ?")) {
                for (String key : request.tagKeys()) {
                    delete.setString(1, request.resourceArn());
                    delete.setString(2, key);
                    delete.executeUpdate();
                }
            }
            return null;
        });
        return null;
    }

    /** Adds or overwrites tags inside the caller's transaction (CreateTrainingJob stores its Tags this way). */
    public static void put(Connection connection, String arn, List<Tag> tags) throws SQLException {
        if (tags == null || tags.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO sagemaker_tags (arn, tag_key, tag_value, position)
                VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM sagemaker_tags WHERE arn = ?))
                ON CONFLICT (arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value""")) {
            for (Tag tag : tags) {
                upsert.setString(1, arn);
                upsert.setString(2, tag.key());
                upsert.setString(3, tag.value());
                upsert.setString(4, arn);
                upsert.executeUpdate();
            }
        }
    }

    /** Removes every tag of a deleted resource, inside the caller's transaction. */
    public static void deleteAll(Connection connection, String arn) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sagemaker_tags WHERE arn = ?")) {
            delete.setString(1, arn);
            delete.executeUpdate();
        }
    }

    private static List<Tag> of(Connection connection, String arn) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT tag_key, tag_value FROM sagemaker_tags WHERE arn = ? ORDER BY position")) {
            query.setString(1, arn);
            try (ResultSet rows = query.executeQuery()) {
                List<Tag> tags = new ArrayList<>();
                while (rows.next()) {
                    tags.add(new Tag(rows.getString(1), rows.getString(2)));
                }
                return tags;
            }
        }
    }

    private static void validateArn(Validator v, String arn) {
        if (v.required("resourceArn", arn)) {
            v.length("resourceArn", arn, 0, 256).pattern("resourceArn", arn, ARN_PATTERN);
        }
    }

    private void requireExisting(String arn) {
        String resource = arn.substring(ordinalColon(arn, 5) + 1);
        int slash = resource.indexOf('/');
        Kind kind = slash < 0 ? null : kinds.get(resource.substring(0, slash));
        if (kind == null) {
            throw SageMakerError.VALIDATION.exception("Requested resource not found.");
        }
        if (!kind.exists().test(arn)) {
            throw kind.missing().apply(arn);
        }
    }

    private static int ordinalColon(String arn, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = arn.indexOf(':', at + 1);
        }
        return at;
    }
}
