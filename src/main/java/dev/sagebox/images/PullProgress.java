package dev.sagebox.images;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sums the engine's per-layer pull messages into one bar: bytes downloaded of the layers' known sizes, and how many
 * layers are done. Layers the engine already holds count as done at once.
 */
public final class PullProgress {
    private final ProgressBar bar;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>();
    private String digest;

    public PullProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** The image digest the engine reported, once the pull finished. */
    public String digest() {
        return digest;
    }

    EngineStream<PullResponseItem> callback() {
        return new EngineStream<>(this::accept);
    }

    private void accept(PullResponseItem item) {
        String status = item.getStatus() == null ? "" : item.getStatus();
        if (status.startsWith("Digest: ")) {
            digest = status.substring("Digest: ".length()).strip();
        }
        String id = item.getId();
        if (id == null || status.startsWith("Pulling from")) {
            return;
        }
        lock.lock();
        try {
            ResponseItem.ProgressDetail detail = item.getProgressDetail();
            long[] sizes = layers.computeIfAbsent(id, k -> new long[2]);
            done.putIfAbsent(id, false);
            if (status.equals("Downloading") && detail != null && detail.getTotal() != null) {
                sizes[0] = detail.getCurrent() == null ? sizes[0] : detail.getCurrent();
                sizes[1] = detail.getTotal();
            } else if (status.equals("Download complete") || status.equals("Verifying Checksum")) {
                sizes[0] = sizes[1];
            } else if (status.equals("Pull complete") || status.equals("Already exists")) {
                sizes[0] = sizes[1];
                done.put(id, true);
            }
            long current = 0;
            long total = 0;
            for (long[] s : layers.values()) {
                current += s[0];
                total += s[1];
            }
            long finished = done.values().stream().filter(Boolean::booleanValue).count();
            bar.update(current, total, finished + "/" + done.size() + " layers");
        } finally {
            lock.unlock();
        }
    }

    /** Marks the bar finished. */
    public void finish() {
        lock.lock();
        try {
            if (layers.isEmpty()) {
                bar.finish("image is up to date" + (digest == null ? "" : ", " + digest));
                return;
            }
            long total = layers.values().stream().mapToLong(s -> s[1]).sum();
            bar.finish(total, total, done.size() + "/" + done.size() + " layers"
                    + (digest == null ? "" : ", " + digest));
        } finally {
            lock.unlock();
        }
    }
}
