package dev.sagebox.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns one container stream's frames, which cut lines anywhere (even inside a UTF-8 character), into whole lines.
 * Line ends are those of {@link java.io.BufferedReader#readLine()}: {@code \n}, {@code \r} or {@code \r\n}, so a job
 * logs the same lines in a container as it does as a host process. Not thread-safe: one per stream.
 */
final class LineSplitter {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> sink;
    private boolean afterCarriageReturn;
    private boolean pending;

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    void accept(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = b == '\r';
            if (b == '\n' || b == '\r') {
                emit();
            } else {
                line.write(b);
                pending = true;
            }
        }
    }

    /** Hands over a last line that had no line end. */
    void finish() {
        if (pending) {
            emit();
        }
    }

    private void emit() {
        sink.accept(line.toString(StandardCharsets.UTF_8));
        line.reset();
        pending = false;
    }
}
