package dev.sagebox.protocol;

import dev.sagebox.aws.ServedOperation;
import java.util.List;

/** A codec that lists the operations it serves, so the server can say what it covers without a hand-kept list. */
public interface ServesOperations {
    List<ServedOperation> servedOperations();
}
