/**
 * SageMaker resource tags (AddTags, ListTags, DeleteTags) for every resource kind: training jobs today, models,
 * endpoints, processing and transform jobs as they come. Each kind registers how to tell whether an ARN exists;
 * this package imports only {@code aws} and {@code state}.
 */
package dev.sagebox.tags;
