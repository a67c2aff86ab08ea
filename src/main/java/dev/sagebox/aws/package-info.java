/**
 * Shared AWS words: errors with their codes, regions, ARNs, the request context, the List*Jobs contract and the
 * {@link dev.sagebox.aws.Operation} record through which every feature exposes its API. This package imports
 * nothing else of Sagebox's.
 */
package dev.sagebox.aws;
