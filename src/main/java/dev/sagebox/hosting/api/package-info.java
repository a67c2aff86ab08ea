/**
 * The hosting wire shapes: one record per SageMaker shape (CreateModel, CreateEndpointConfig, CreateEndpoint and their
 * Describe/List/Delete companions), named as in the API. Requests validate themselves through {@code aws.Validator};
 * imports only {@code aws}, {@code tags} and the JDK.
 */
package dev.sagebox.hosting.api;
