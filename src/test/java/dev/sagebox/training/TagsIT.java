package dev.sagebox.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** AddTags, ListTags and DeleteTags on training-job ARNs, including tags given at creation. */
class TagsIT {
    private static TestServer server;
    private static SageMakerClient sm;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sagebox.training.launch", "false"));
        sm = server.sageMaker();
    }

    @AfterAll
    static void stop() throws Exception {
        sm.close();
        server.close();
        server.delete();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void tags_createAddListDelete_roundTripInOrder() {
        String arn = sm.createTrainingJob(TrainingRequests.valid("tagged").tags(tag("team", "ml")).build())
                .trainingJobArn();
        sm.addTags(b -> b.resourceArn(arn).tags(tag("stage", "dev"), tag("team", "research")));
        ListTagsResponse listed = sm.listTags(b -> b.resourceArn(arn));
        assertThat(listed.tags()).containsExactly(tag("team", "research"), tag("stage", "dev"));
        assertThat(listed.nextToken()).isNull();
        sm.deleteTags(b -> b.resourceArn(arn).tagKeys("team", "absent"));
        assertThat(sm.listTags(b -> b.resourceArn(arn)).tags()).containsExactly(tag("stage", "dev"));
    }

    @Test
    void listTags_moreThanPage_pagesWithToken() {
        String arn = sm.createTrainingJob(TrainingRequests.valid("many-tags").build()).trainingJobArn();
        for (int batch = 0; batch < 2; batch++) {
            int first = batch * 40;
            sm.addTags(b -> b.resourceArn(arn).tags(java.util.stream.IntStream.range(first, first + 40)
                    .mapToObj(i -> tag("k" + i, "v")).toList()));
        }
        ListTagsResponse first = sm.listTags(b -> b.resourceArn(arn).maxResults(50));
        assertThat(first.tags()).hasSize(50);
        ListTagsResponse second = sm.listTags(b -> b.resourceArn(arn).maxResults(50).nextToken(first.nextToken()));
        assertThat(second.tags()).hasSize(30);
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void addTags_missingJob_isValidationException() {
        assertThatThrownBy(() -> sm.addTags(b -> b.resourceArn(
                "arn:aws:sagemaker:us-east-1:000000000000:training-job/ghost").tags(tag("a", "b"))))
                .hasMessageStartingWith("Requested resource not found.");
    }

    @Test
    void addTags_invalidKey_isValidationException() {
        String arn = sm.createTrainingJob(TrainingRequests.valid("bad-tag").build()).trainingJobArn();
        assertThatThrownBy(() -> sm.addTags(b -> b.resourceArn(arn).tags(tag("bad#key", "v"))))
                .hasMessageStartingWith("1 validation error detected: Value 'bad#key' at 'tags.1.member.key' failed"
                        + " to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    }

    @Test
    void listTags_maxResultsBelowFifty_isValidationException() {
        String arn = sm.createTrainingJob(TrainingRequests.valid("few-tags").build()).trainingJobArn();
        assertThatThrownBy(() -> sm.listTags(b -> b.resourceArn(arn).maxResults(10)))
                .hasMessageContaining("Member must have value greater than or equal to 50");
    }
}
