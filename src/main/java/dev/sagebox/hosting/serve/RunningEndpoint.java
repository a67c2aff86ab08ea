package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import dev.sagebox.hosting.api.AsyncInferenceConfig;
import dev.sagebox.hosting.api.DataCaptureConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/** An endpoint's live instances, grouped by variant, and whether it takes traffic yet. */
final class RunningEndpoint {
    static final int MAX_RESTARTS = 3;
    static final long RESTART_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** One variant: its weight and instances, with a round-robin cursor. */
    static final class Variant {
        final String name;
        /** The model's InferenceExecutionConfig is Direct: a call names its one container. */
        final boolean direct;
        volatile float weight;
        final List<Instance> instances = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();
        private final Deque<Long> restarts = new ArrayDeque<>();
        private final ReentrantLock restartLock = new ReentrantLock();

        Variant(String name, boolean direct, float weight) {
            this.name = name;
            this.direct = direct;
            this.weight = weight;
        }

        /** Whether another restart fits the budget of 3 in 10 minutes; counts it if so. */
        boolean mayRestart(long nowNanos) {
            restartLock.lock();
            try {
                while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() > RESTART_WINDOW_NANOS) {
                    restarts.removeFirst();
                }
                if (restarts.size() >= MAX_RESTARTS) {
                    return false;
                }
                restarts.addLast(nowNanos);
                return true;
            } finally {
                restartLock.unlock();
            }
        }
    }

    final Region region;
    final String name;
    final String arn;
    final List<Variant> variants = new CopyOnWriteArrayList<>();
    volatile boolean serving;
    /** The config's AsyncInferenceConfig, or null when InvokeEndpointAsync is refused. */
    volatile AsyncInferenceConfig asyncConfig;
    /** The config's DataCaptureConfig, or null when calls are not recorded. */
    volatile DataCaptureConfig capture;
    volatile boolean stopped;
    /** Invocations between admission and answer; a blue/green switch waits for the old side's to reach 0. */
    final AtomicInteger inFlight = new AtomicInteger();

    RunningEndpoint(Region region, String name, String arn) {
        this.region = region;
        this.name = name;
        this.arn = arn;
    }

    Variant variant(String variantName) {
        for (Variant v : variants) {
            if (v.name.equals(variantName)) {
                return v;
            }
        }
        return null;
    }

    List<Instance> instances() {
        return variants.stream().flatMap(v -> v.instances.stream()).toList();
    }
}
