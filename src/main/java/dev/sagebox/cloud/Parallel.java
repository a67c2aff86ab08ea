package dev.sagebox.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Runs tasks on virtual threads, at most {@code concurrency} at once, and waits for all before reporting a failure. */
final class Parallel {
    private Parallel() {
    }

    /** The tasks' results in task order; the first failure (in task order) is rethrown once every task ended. */
    static <T> List<T> run(List<Callable<T>> tasks, int concurrency) throws IOException, CloudException {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return task.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException("interrupted", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case CloudException cloud -> throw cloud;
                    case IOException io -> throw io;
                    case RuntimeException runtime -> throw runtime;
                    case Error error -> throw error;
                    default -> throw new IOException(e.getCause());
                }
            }
        }
        return results;
    }
}
