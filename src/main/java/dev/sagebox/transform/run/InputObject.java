package dev.sagebox.transform.run;

import java.nio.file.Path;

/**
 * One input file of a transform job.
 *
 * @param uri      where the user put it, for messages ({@code s3://b/k} or {@code file:///…})
 * @param relative its key relative to the input prefix (or manifest prefix): the output is {@code <relative>.out}
 * @param file     the file holding its bytes (a stored object's immutable file, read in place)
 */
record InputObject(String uri, String relative, Path file, long size) {
}
