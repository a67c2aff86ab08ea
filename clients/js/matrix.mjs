// The client matrix scenario driven by the AWS SDK for JavaScript v3; prints the normalized transcript as one JSON
// object. Usage: node matrix.mjs <prefix>. The endpoint comes from AWS_ENDPOINT_URL and is passed explicitly
// (CONTRACTS §13); waiters poll every second instead of their model's 120 s / 30 s.
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, CreateTrainingJobCommand,
  DeleteEndpointCommand, DeleteEndpointConfigCommand, DeleteModelCommand, DescribeEndpointCommand,
  DescribeTrainingJobCommand, SageMakerClient, waitUntilEndpointDeleted, waitUntilEndpointInService,
  waitUntilTrainingJobCompletedOrStopped,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";

const TRAIN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-train:1";
const SERVE_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mx-serve:1";
const ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
const GROUP = "/aws/sagemaker/TrainingJobs";

const config = {
  endpoint: process.env.AWS_ENDPOINT_URL,
  region: "us-east-1",
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
};
const s3 = new S3Client({ ...config, forcePathStyle: true });
const sm = new SageMakerClient(config);
const rt = new SageMakerRuntimeClient(config);
const logs = new CloudWatchLogsClient(config);
const text = (bytes) => Buffer.from(bytes).toString("utf8");

/** What a failing call threw: code, HTTP status and message, as the transcript records every error. */
async function error(call) {
  try {
    await call();
  } catch (e) {
    return { Code: e.name, HTTPStatus: e.$metadata?.httpStatusCode ?? 0, Message: e.message ?? "" };
  }
  return { Code: "no error" };
}

async function wait(waiter, input) {
  try {
    const result = await waiter({ client: sm, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, input);
    return result.state === "SUCCESS" ? "success" : "waiter error: " + result.state;
  } catch (e) {
    return "waiter error: " + e.message;
  }
}

async function s3Steps(bucket) {
  const created = await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "train/data.csv", Body: "1\n2\n3\n" }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "train/" }));
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "train/data.csv" }));
  return {
    createBucket: { Location: created.Location },
    putObject: { ETag: put.ETag },
    listObjectsV2: { KeyCount: listed.KeyCount, Keys: listed.Contents.map((o) => o.Key) },
    getObject: { Body: await got.Body.transformToString(), ContentLength: got.ContentLength },
  };
}

async function trainingSteps(p) {
  const job = p + "-train";
  const created = await sm.send(new CreateTrainingJobCommand({
    TrainingJobName: job, RoleArn: ROLE,
    AlgorithmSpecification: { TrainingImage: TRAIN_IMAGE, TrainingInputMode: "File",
      MetricDefinitions: [{ Name: "train:loss", Regex: "loss=([0-9.]+)" }] },
    InputDataConfig: [{ ChannelName: "train", DataSource: { S3DataSource: {
      S3DataType: "S3Prefix", S3Uri: `s3://${p}-data/train/` } } }],
    OutputDataConfig: { S3OutputPath: `s3://${p}-data/output` },
    ResourceConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
  }));
  const waited = await wait(waitUntilTrainingJobCompletedOrStopped, { TrainingJobName: job });
  const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
  return {
    create: { TrainingJobArn: created.TrainingJobArn },
    waiter: waited,
    describe: {
      TrainingJobStatus: d.TrainingJobStatus,
      SecondaryStatus: d.SecondaryStatus,
      SecondaryStatusTransitions: d.SecondaryStatusTransitions.map((t) => t.Status),
      S3ModelArtifacts: d.ModelArtifacts.S3ModelArtifacts,
      FinalMetrics: Object.fromEntries((d.FinalMetricDataList ?? []).map((m) => [m.MetricName, m.Value])),
      InstanceType: d.ResourceConfig.InstanceType,
      KmsKeyId: d.OutputDataConfig.KmsKeyId,
    },
  };
}

async function logSteps(job) {
  const streams = await logs.send(new DescribeLogStreamsCommand({
    logGroupName: GROUP, logStreamNamePrefix: job + "/" }));
  const names = streams.logStreams.map((s) => s.logStreamName);
  const messages = [];
  let token;
  for (let calls = 0; calls < 100; calls++) {
    const page = await logs.send(new GetLogEventsCommand({
      logGroupName: GROUP, logStreamName: names[0], startFromHead: true, nextToken: token }));
    messages.push(...page.events.map((e) => e.message));
    if (page.nextForwardToken === token) {
      break;
    }
    token = page.nextForwardToken;
  }
  return { logStreamNames: names, messages: messages.filter((m) => m.startsWith("mx: ")) };
}

async function hostingSteps(p, artifacts) {
  const [model, config, endpoint] = [p + "-model", p + "-config", p + "-ep"];
  const out = {};
  out.createModel = (await sm.send(new CreateModelCommand({ ModelName: model, ExecutionRoleArn: ROLE,
    PrimaryContainer: { Image: SERVE_IMAGE, ModelDataUrl: artifacts } }))).ModelArn;
  out.createEndpointConfig = (await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: config,
    ProductionVariants: [{ VariantName: "AllTraffic", ModelName: model, InitialInstanceCount: 1,
      InstanceType: "ml.m5.large" }] }))).EndpointConfigArn;
  out.createEndpoint = (await sm.send(new CreateEndpointCommand({ EndpointName: endpoint,
    EndpointConfigName: config }))).EndpointArn;
  out.inServiceWaiter = await wait(waitUntilEndpointInService, { EndpointName: endpoint });
  const d = await sm.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
  out.describeEndpoint = { EndpointStatus: d.EndpointStatus, EndpointConfigName: d.EndpointConfigName,
    ProductionVariants: d.ProductionVariants.map((v) => ({ VariantName: v.VariantName,
      CurrentInstanceCount: v.CurrentInstanceCount, CurrentWeight: v.CurrentWeight })) };
  const r = await rt.send(new InvokeEndpointCommand({ EndpointName: endpoint, ContentType: "application/json",
    Accept: "application/json", Body: new TextEncoder().encode(JSON.stringify([1, 2])) }));
  out.invoke = { ContentType: r.ContentType, InvokedProductionVariant: r.InvokedProductionVariant,
    Body: JSON.parse(text(r.Body)) };
  await sm.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
  out.deleteEndpoint = "ok";
  out.deletedWaiter = await wait(waitUntilEndpointDeleted, { EndpointName: endpoint });
  out.describeDeleted = await error(() => sm.send(new DescribeEndpointCommand({ EndpointName: endpoint })));
  await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: config }));
  out.deleteEndpointConfig = "ok";
  await sm.send(new DeleteModelCommand({ ModelName: model }));
  out.deleteModel = "ok";
  return out;
}

const p = process.argv[2];
const transcript = { s3: await s3Steps(p + "-data") };
transcript.training = await trainingSteps(p);
transcript.logs = await logSteps(p + "-train");
transcript.hosting = await hostingSteps(p, transcript.training.describe.S3ModelArtifacts);
transcript.errors = {
  describeMissingTrainingJob: await error(() => sm.send(new DescribeTrainingJobCommand({
    TrainingJobName: p + "-nojob" }))),
  invokeMissingEndpoint: await error(() => rt.send(new InvokeEndpointCommand({ EndpointName: p + "-noep",
    ContentType: "application/json", Body: new TextEncoder().encode("[1]") }))),
  getMissingObject: await error(() => s3.send(new GetObjectCommand({ Bucket: p + "-data",
    Key: "train/missing.csv" }))),
};
console.log(JSON.stringify(transcript));
