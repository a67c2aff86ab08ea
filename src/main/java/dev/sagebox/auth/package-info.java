/**
 * SigV4: parsing the credential scope of every request (the region comes from it) and, with
 * {@code sagebox.auth=verify}, checking header signatures, presigned URLs and aws-chunked chunk and trailer signatures against the key pairs of
 * {@code $SAGEBOX_HOME/credentials} plus temporary ones issued to workloads. Imports Jetty and {@code aws} only;
 * codecs read its verdict through {@link dev.sagebox.auth.Authentication}.
 */
package dev.sagebox.auth;
