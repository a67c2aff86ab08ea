/**
 * SigV4: parsing the credential scope of every request (the region comes from it) and, in {@code verify} mode,
 * checking header signatures, presigned URLs and aws-chunked chunk and trailer signatures. Imports Jetty and
 * {@code aws} only; codecs read its verdict through {@link dev.sagebox.auth.Authentication}.
 */
package dev.sagebox.auth;
