package dev.sagebox.transform.run;

import dev.sagebox.logs.LogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves a job's batches from the input files to the instances and back: the calling thread cuts files into batches
 * in order, and {@code MaxConcurrentTransforms} worker threads per instance take them from one queue, so each
 * instance has that many requests in flight. A window of batches not yet written bounds memory. Outputs are
 * published file by file as they complete.
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
    private final List<LogWriter> dataLogs;
    private final Semaphore window;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final List<ObjectOutput> outputs = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile Thread producer;

    /** @param dataLogs one data log per instance, for each published output and each failure */
    BatchPipeline(List<InputObject> inputs, BatchCutter cutter, BatchSender sender, OutputLocation location,
                  Path workDir, int instances, int perInstance, List<LogWriter> dataLogs) {
        this.inputs = inputs;
        this.cutter = cutter;
        this.sender = sender;
        this.location = location;
        this.workDir = workDir;
        this.instances = instances;
        this.perInstance = perInstance;
        this.dataLogs = dataLogs;
        this.window = new Semaphore(instances * perInstance * 2 + 2);
    }

    /** Runs the job's batches; returns null when every output was published, else the failure reason. */
    String run() {
        producer = Thread.currentThread();
        for (int i = 0; i < instances; i++) {
            for (int c = 0; c < perInstance; c++) {
                int index = i;
                workers.add(Thread.ofVirtual().name("sagebox-transform-" + i + "-" + c).start(() -> work(index)));
            }
        }
        try {
            produce();
        } catch (InterruptedException e) {
            cancelled = true;
        } finally {
            for (int i = 0; i < workers.size(); i++) {
                queue.add(Batch.END);
            }
        }
        producer = null;
        awaitWorkers();
        outputs.forEach(ObjectOutput::abort);
        return failure.get();
    }

    /**
     * Waits for every worker; they all end, since each takes one END. A stop or a failure interrupts this thread to
     * cut the cutting short, which must not cut this wait short too.
     */
    private void awaitWorkers() {
        Thread.interrupted();
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    // keep waiting: see above
                }
            }
        }
        Thread.interrupted();
    }

    /** Stops sending: what is in flight is cut off, and nothing more is published. */
    void cancel() {
        cancelled = true;
        Thread p = producer;
        if (p != null) {
            p.interrupt();
        }
        workers.forEach(Thread::interrupt);
    }

    private boolean isStopped() {
        return cancelled || failure.get() != null;
    }

    private void produce() throws InterruptedException {
        for (int i = 0; i < inputs.size() && !isStopped(); i++) {
            ObjectOutput output;
            try {
                output = new ObjectOutput(inputs.get(i), workDir.resolve("output-" + i), location, window);
            } catch (IOException e) {
                fail("InternalServerError: could not create a temp file for the output: " + e.getMessage(), 0);
                return;
            }
            outputs.add(output);
            try {
                int batches = cutter.cut(output, batch -> {
                    window.acquire();
                    if (isStopped()) {
                        window.release();
                        throw new InterruptedException("the job is stopping");
                    }
                    queue.add(batch);
                });
                if (output.producedAll(batches)) {
                    published(output, 0);
                }
            } catch (BatchFailure e) {
                fail(e.getMessage(), 0);
            } catch (IOException e) {
                fail("ClientError: Could not write the output of " + output.input().uri() + ": " + e.getMessage(), 0);
            } catch (InterruptedException e) {
                if (!isStopped()) {
                    throw e;
                }
            }
        }
    }

    private void work(int index) {
        while (true) {
            Batch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                if (cancelled) {
                    return;
                }
                continue;
            }
            if (batch == Batch.END) {
                return;
            }
            if (isStopped()) {
                window.release();
                continue;
            }
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
    }

    private void fail(String reason, int instance) {
        if (failure.compareAndSet(null, reason)) {
            dataLogs.get(instance).append(reason);
            Thread p = producer;
            if (p != null && p != Thread.currentThread()) {
                p.interrupt();
            }
        }
    }

    private void published(ObjectOutput output, int instance) {
        dataLogs.get(instance).append("Transformed " + output.input().uri() + " (" + output.records()
                + " records) into " + location.uriOf(output.input().relative()));
    }
}
