package dev.sagebox.training;

import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DataSource;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.S3DataSource;
import software.amazon.awssdk.services.sagemaker.model.StoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;

/** Valid CreateTrainingJob requests for tests to start from. */
final class TrainingRequests {
    static final String ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";

    private TrainingRequests() {
    }

    static CreateTrainingJobRequest.Builder valid(String name, String image) {
        return CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn(ROLE)
                .algorithmSpecification(AlgorithmSpecification.builder().trainingImage(image)
                        .trainingInputMode(TrainingInputMode.FILE).build())
                .inputDataConfig(Channel.builder().channelName("train").dataSource(DataSource.builder()
                        .s3DataSource(S3DataSource.builder().s3DataType("S3Prefix").s3Uri("s3://bkt/data/")
                                .build()).build()).build())
                .outputDataConfig(OutputDataConfig.builder().s3OutputPath("s3://bkt/out/").build())
                .resourceConfig(ResourceConfig.builder().instanceType("ml.m5.xlarge").instanceCount(1)
                        .volumeSizeInGB(10).build())
                .stoppingCondition(StoppingCondition.builder().maxRuntimeInSeconds(3600).build());
    }

    static CreateTrainingJobRequest.Builder valid(String name) {
        return valid(name, "local/idle:1");
    }
}
