package dev.sagebox.transform.run;

import dev.sagebox.logs.LogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves a job's batches from the input files to the instances and back: {@code MaxConcurrentTransforms} workers per
 * instance each cut the next batch (files in key order, under one lock), send it, and hand the answer to its file's
 * output, so each instance has that many requests in flight. A window of batches not yet written bounds memory when
 * one batch lags. Outputs are published file by file as they complete.
 *
 * <p>Workers pull their own work: a producer thread feeding a queue cost two thread wake-ups per request, which
 * halved the SingleRecord rate on a busy machine ({@code ./sagebox bench transform}).
 *
 * <p>The first failure wins: no new batch is sent, outputs that were not complete are dropped (never published in
 * part), and outputs already published stay, as in the cloud.
 */
final class BatchPipeline {
    private final List<InputObject> inputs;
    private final BatchCutter cutter;
    private final BatchSender sender;
    private final OutputLocation location;
    private final Path workDir;
    private final int instances;
    private final int perInstance;
    private final int prefetch;
    private final List<LogWriter> dataLogs;
    private final Semaphore window;
    private final ReentrantLock cutting = new ReentrantLock();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<ObjectOutput> outputs = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private BatchCutter.FileBatches current;
    private int nextInput;
    private volatile boolean cancelled;

    /**
     * @param prefetch how many batches a worker takes at a time: more for small SingleRecord batches, so workers
     *                 meet at the cutting lock less often (each meeting may cost a wake-up on a busy machine)
     * @param dataLogs one data log per instance, for each published output and each failure
     */
    BatchPipeline(List<InputObject> inputs, BatchCutter cutter, BatchSender sender, OutputLocation location,
                  Path workDir, int instances, int perInstance, int prefetch, List<LogWriter> dataLogs) {
        this.inputs = inputs;
        this.cutter = cutter;
        this.sender = sender;
        this.location = location;
        this.workDir = workDir;
        this.instances = instances;
        this.perInstance = perInstance;
        this.prefetch = prefetch;
        this.dataLogs = dataLogs;
        this.window = new Semaphore(instances * perInstance * (prefetch + 1) + 2);
    }

    /** Runs the job's batches; returns null when every output was published, else the failure reason. */
    String run() {
        for (int i = 0; i < instances; i++) {
            for (int c = 0; c < perInstance; c++) {
                int index = i;
                // Platform threads: a blocking socket read on a virtual thread parks it and wakes it through the
                // poller, a round trip per request that a SingleRecord job feels (bench transform).
                workers.add(Thread.ofPlatform().daemon().name("sagebox-transform-" + i + "-" + c)
                        .start(() -> work(index)));
            }
        }
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    // A stop interrupts the job's thread too; the workers end on their own once cancelled.
                    cancel();
                }
            }
        }
        if (current != null) {
            current.close();
        }
        outputs.forEach(ObjectOutput::abort);
        return failure.get();
    }

    /** Stops sending: what is in flight is cut off, and nothing more is published. */
    void cancel() {
        cancelled = true;
        workers.forEach(Thread::interrupt);
    }

    private boolean isStopped() {
        return cancelled || failure.get() != null;
    }

    private void work(int index) {
        ArrayDeque<Batch> local = new ArrayDeque<>();
        while (!isStopped()) {
            if (local.isEmpty() && !take(index, local)) {
                break;
            }
            Batch batch = local.poll();
            try {
                byte[] out = sender.send(batch, index, this::isStopped);
                if (batch.output().deliver(batch.seq(), out, batch.records())) {
                    published(batch.output(), index);
                }
            } catch (BatchFailure e) {
                window.release();
                if (!cancelled) {
                    fail(e.getMessage(), index);
                }
            } catch (IOException e) {
                fail("ClientError: Could not write the output of " + batch.output().input().uri() + ": "
                        + e.getMessage(), index);
            }
        }
        window.release(local.size());
    }

    /**
     * Takes up to {@code prefetch} batches into {@code local}, one permit of the window each, waiting only for the
     * first; false when there are none left (or the job stops).
     */
    private boolean take(int index, ArrayDeque<Batch> local) {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            return false;
        }
        int permits = 1;
        while (permits < prefetch && window.tryAcquire()) {
            permits++;
        }
        try {
            next(index, permits, local);
        } catch (BatchFailure e) {
            fail(e.getMessage(), index);
        }
        window.release(permits - local.size());
        return !local.isEmpty();
    }

    /** The next {@code max} batches of the files in order, fewer when all are cut (or the job stops). */
    private void next(int index, int max, ArrayDeque<Batch> into) throws BatchFailure {
        cutting.lock();
        try {
            while (!isStopped() && into.size() < max) {
                if (current == null) {
                    if (nextInput >= inputs.size()) {
                        return;
                    }
                    InputObject input = inputs.get(nextInput++);
                    ObjectOutput output;
                    try {
                        output = new ObjectOutput(input, workDir.resolve("output-" + nextInput), location, window);
                    } catch (IOException e) {
                        throw new BatchFailure("InternalServerError: could not create a temp file for the output: "
                                + e.getMessage());
                    }
                    outputs.add(output);
                    current = cutter.open(output);
                }
                Batch batch = current.next();
                if (batch != null) {
                    into.add(batch);
                    continue;
                }
                BatchCutter.FileBatches done = current;
                current = null;
                done.close();
                try {
                    if (done.output().producedAll(done.count())) {
                        published(done.output(), index);
                    }
                } catch (IOException e) {
                    throw new BatchFailure("ClientError: Could not write the output of " + done.output().input().uri()
                            + ": " + e.getMessage());
                }
            }
        } finally {
            cutting.unlock();
        }
    }

    private void fail(String reason, int instance) {
        if (failure.compareAndSet(null, reason)) {
            dataLogs.get(instance).append(reason);
        }
    }

    private void published(ObjectOutput output, int instance) {
        dataLogs.get(instance).append("Transformed " + output.input().uri() + " (" + output.records()
                + " records) into " + location.uriOf(output.input().relative()));
    }
}
