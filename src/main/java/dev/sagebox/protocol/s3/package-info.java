/**
 * The S3 REST-XML codec: addressing (path and virtual-host style), raw-path key decoding, aws-chunked bodies,
 * checksum headers and trailers, XML results and S3's error shape. It claims every request the other codecs left and
 * calls {@code objectstore}; it holds no state of its own.
 */
package dev.sagebox.protocol.s3;
