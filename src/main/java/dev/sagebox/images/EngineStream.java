package dev.sagebox.images;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Receives an engine's pull or push stream, hands each item on, and keeps the first error. The engine reports a
 * registry's refusal as an error detail inside the stream, or (a 401 before any stream) as an HTTP 500 that
 * docker-java's default callback would log with a stack trace on the user's terminal.
 */
final class EngineStream<T extends ResponseItem> extends ResultCallback.Adapter<T> {
    private final Consumer<T> items;
    private volatile String error;

    EngineStream(Consumer<T> items) {
        this.items = items;
    }

    @Override
    public void onNext(T item) {
        if (item.getErrorDetail() != null) {
            if (error == null) {
                error = item.getErrorDetail().getMessage();
            }
            return;
        }
        items.accept(item);
    }

    @Override
    public void onError(Throwable throwable) {
        if (error == null) {
            error = ImageEngine.message(throwable);
        }
        try {
            close();
        } catch (IOException e) {
            // closing a finished stream; the error above is what matters
        }
    }

    /** The engine's first error, or null. */
    String error() {
        return error;
    }
}
