package dev.sagebox.jobs;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** A file placed in a channel, with what it looked like then, so a job that changed its input can be caught. */
public record StagedFile(String source, String channel, Path path, long size, FileTime modified) {
}
