/**
 * SageMaker Runtime's rest-json routes: {@code POST /endpoints/{name}/invocations} and its streaming and async
 * siblings. Errors carry {@code x-amzn-ErrorType} and a {@code {"Message":…}} body (CONTRACTS.md §7).
 */
package dev.sagebox.protocol.restjson;
