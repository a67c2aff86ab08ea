/**
 * The processing-job API shapes, named as in the SageMaker API: requests with their AWS validation, the spec they
 * become, and the Describe and List views. Imports only {@code aws} and {@code tags}.
 */
package dev.sagebox.processing.api;
