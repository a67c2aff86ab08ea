/**
 * The awsQuery protocol, which STS speaks: form-encoded {@code Action=…} requests, XML results wrapped in
 * {@code <ActionResponse><ActionResult>}, and {@code <ErrorResponse>} errors. boto3 cannot parse a JSON reply here.
 */
package dev.sagebox.protocol.query;
