"""Prints the caller identity as boto3 sees it; the endpoint comes from AWS_ENDPOINT_URL."""
import boto3

identity = boto3.client("sts").get_caller_identity()
print(identity["Account"], identity["Arn"], identity["UserId"])
