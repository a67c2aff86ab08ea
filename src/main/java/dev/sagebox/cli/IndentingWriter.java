package dev.sagebox.cli;

import java.io.PrintWriter;

/** Prints a nested command's lines indented under the demo's progress line, so its output reads as one block. */
final class IndentingWriter extends PrintWriter {
    IndentingWriter(PrintWriter target) {
        super(target, true);
    }

    @Override
    public void println(String line) {
        super.println("           | " + line);
    }
}
