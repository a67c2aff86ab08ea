package dev.sagebox.cli;

import dev.sagebox.cloud.CopyItem;
import dev.sagebox.cloud.ObjectCopier;
import java.io.PrintWriter;

/** Prints one line per object or part the target acknowledged. */
final class CopyProgress {
    private CopyProgress() {
    }

    static ObjectCopier.Progress to(PrintWriter out) {
        return (CopyItem item, int part, long bytes) -> {
            out.println("  sent " + item.targetUri() + (item.size() > bytes || part > 1 ? " part " + part : "")
                    + " (" + bytes + " bytes)");
            out.flush();
        };
    }
}
