package dev.sagebox.images;

import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Turns the engine's push stream into one progress line: bytes pushed over all layers, and layers done. */
public final class PushProgress {
    private final ProgressBar bar;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>();
    private long current;
    private long total;

    public PushProgress(ProgressBar bar) {
        this.bar = bar;
    }

    EngineStream<PushResponseItem> callback() {
        return new EngineStream<>(this::accept);
    }

    private void accept(PushResponseItem item) {
        String status = item.getStatus() == null ? "" : item.getStatus();
        String id = item.getId();
        if (id == null || status.startsWith("The push refers to")) {
            return;
        }
        lock.lock();
        try {
            long[] sizes = layers.computeIfAbsent(id, k -> new long[2]);
            done.putIfAbsent(id, false);
            ResponseItem.ProgressDetail detail = item.getProgressDetail();
            if (status.equals("Pushing") && detail != null && detail.getTotal() != null) {
                sizes[0] = detail.getCurrent() == null ? sizes[0] : detail.getCurrent();
                sizes[1] = detail.getTotal();
            } else if (status.equals("Pushed") || status.equals("Layer already exists")
                    || status.startsWith("Mounted from")) {
                sizes[0] = sizes[1];
                done.put(id, true);
            }
            current = layers.values().stream().mapToLong(s -> s[0]).sum();
            total = layers.values().stream().mapToLong(s -> s[1]).sum();
            bar.update(current, total, done.values().stream().filter(Boolean::booleanValue).count() + "/"
                    + done.size() + " layers");
        } finally {
            lock.unlock();
        }
    }

    public void finish() {
        bar.finish(total, total, done.size() + "/" + done.size() + " layers pushed");
    }
}
