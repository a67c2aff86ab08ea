package dev.sagebox.hosting;

import dev.sagebox.hosting.api.CreateEndpointConfigRequest;
import dev.sagebox.hosting.api.DesiredWeightAndCapacity;
import dev.sagebox.hosting.api.ProductionVariant;
import dev.sagebox.hosting.serve.Deployment;
import dev.sagebox.hosting.serve.ServingException;
import dev.sagebox.hosting.serve.ServingFleet;
import dev.sagebox.state.StoredJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint status machine (§6.2): one virtual thread deploys or deletes an endpoint, and every status change is
 * one store transaction made under a lock, so a delete that arrives mid-deploy wins and the deployer's late result
 * is dropped instead of overwriting {@code Deleting}.
 */
final class EndpointLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointLifecycle.class);
    static final String SERVER_STOPPED = "Sagebox stopped while this endpoint was being created.";

    private final HostingStore store;
    private final ServingFleet fleet;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    EndpointLifecycle(HostingStore store, ServingFleet fleet, Clock clock) {
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    static Endpoint endpoint(StoredResource row) {
        return StoredJson.read(row.body(), Endpoint.class);
    }

    /**
     * Deploys on a virtual thread, then moves the endpoint from {@code starting} to InService or Failed. Blocks up to
     * {@code wait} for that outcome, so a client's first DescribeEndpoint may already see InService.
     */
    void deployInBackground(StoredResource row, EndpointStatus starting, Duration wait) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("sagebox-endpoint-" + row.name()).start(() -> {
            try {
                deploy(row, starting);
            } finally {
                done.complete(null);
            }
        });
        if (wait.isPositive()) {
            try {
                done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // still creating: the client polls
            }
        }
    }

    private void deploy(StoredResource row, EndpointStatus starting) {
        try {
            fleet.deploy(deployment(row, endpoint(row)));
            if (move(row, starting, EndpointStatus.IN_SERVICE, null)) {
                fleet.open(row.arn());
            } else {
                fleet.stop(row.arn());
            }
        } catch (ServingException e) {
            move(row, starting, EndpointStatus.FAILED, e.getMessage());
        } catch (InterruptedException e) {
            fleet.stop(row.arn());
            move(row, starting, EndpointStatus.FAILED, SERVER_STOPPED);
        } catch (RuntimeException e) {
            LOG.error("deploying endpoint {} failed", row.arn(), e);
            fleet.stop(row.arn());
            move(row, starting, EndpointStatus.FAILED, "InternalServerError: " + e);
        }
    }

    /**
     * UpdateEndpoint (InService only): Updating while the new config starts beside the old one; InService on the new
     * config once traffic has moved, or back to InService on the old one with a FailureReason.
     */
    void update(StoredResource row, Endpoint next) {
        StoredResource updating;
        lock.lock();
        try {
            StoredResource current = current(row).orElseThrow(() -> HostingErrors.endpointNotFound(row.arn()));
            if (status(current) != EndpointStatus.IN_SERVICE) {
                throw HostingErrors.notInService(row.arn());
            }
            updating = write(current, EndpointStatus.UPDATING, endpoint(current));
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("sagebox-endpoint-update-" + row.name()).start(() -> {
            String reason;
            try {
                fleet.replace(deployment(updating, next));
                finishUpdate(updating, next);
                return;
            } catch (ServingException e) {
                reason = e.getMessage();
            } catch (InterruptedException e) {
                reason = SERVER_STOPPED;
            } catch (RuntimeException e) {
                LOG.error("updating endpoint {} failed", row.arn(), e);
                reason = "InternalServerError: " + e;
            }
            finishUpdate(updating, endpoint(updating).withFailure(reason));
        });
    }

    private void finishUpdate(StoredResource updating, Endpoint result) {
        lock.lock();
        try {
            current(updating).filter(r -> status(r) == EndpointStatus.UPDATING)
                    .ifPresent(r -> write(r, EndpointStatus.IN_SERVICE, result));
        } finally {
            lock.unlock();
        }
    }

    private static Deployment deployment(StoredResource row, Endpoint endpoint) {
        List<Deployment.Variant> variants = new ArrayList<>();
        for (ProductionVariant v : endpoint.config().productionVariants()) {
            variants.add(new Deployment.Variant(v, endpoint.models().get(v.modelName())));
        }
        return new Deployment(row.region(), row.name(), row.arn(), variants,
                endpoint.config().asyncInferenceConfig(), endpoint.config().dataCaptureConfig());
    }

    /** Moves to Deleting at once (the waiters must see it), then stops the instances and removes the record. */
    void delete(StoredResource row) {
        lock.lock();
        try {
            StoredResource current = current(row).orElseThrow(() -> HostingErrors.endpointNotFound(row.arn()));
            if (EndpointStatus.DELETING.wireName().equals(current.status())) {
                throw HostingErrors.alreadyDeleting(row.arn());
            }
            write(current, EndpointStatus.DELETING, endpoint(current));
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("sagebox-endpoint-delete-" + row.name()).start(() -> {
            try {
                fleet.stop(row.arn());
            } finally {
                store.delete(row.arn());
            }
        });
    }

    /**
     * Applies new variant weights at once (§6.2) to the stored config copy and to routing. A new instance count is an
     * update like UpdateEndpoint's: Updating while a fleet of the new size starts beside the old one, so no call
     * fails while instances change.
     */
    void updateWeights(StoredResource row, List<DesiredWeightAndCapacity> desired) {
        StoredResource resized = null;
        Endpoint resizedTo = null;
        lock.lock();
        try {
            StoredResource current = current(row).orElseThrow(() -> HostingErrors.endpointNotFound(row.arn()));
            if (status(current) != EndpointStatus.IN_SERVICE) {
                throw HostingErrors.notInService(row.arn());
            }
            Endpoint endpoint = endpoint(current);
            Map<String, ProductionVariant> variants = new LinkedHashMap<>();
            endpoint.config().productionVariants().forEach(v -> variants.put(v.variantName(), v));
            List<String> unknown = desired.stream().map(DesiredWeightAndCapacity::variantName)
                    .filter(name -> !variants.containsKey(name)).toList();
            if (!unknown.isEmpty()) {
                throw HostingErrors.unknownVariants(unknown);
            }
            boolean resizing = false;
            for (DesiredWeightAndCapacity d : desired) {
                ProductionVariant v = variants.get(d.variantName());
                int count = d.desiredInstanceCount() == null ? v.instanceCount() : d.desiredInstanceCount();
                resizing |= count != v.instanceCount();
                float weight = d.desiredWeight() == null ? v.weight() : d.desiredWeight();
                variants.put(v.variantName(), new ProductionVariant(v.variantName(), v.modelName(), count, weight,
                        v.instanceType(), v.containerStartupHealthCheckTimeoutInSeconds(),
                        v.modelDataDownloadTimeoutInSeconds()));
                if (d.desiredWeight() != null) {
                    fleet.setWeight(row.arn(), v.variantName(), d.desiredWeight());
                }
            }
            CreateEndpointConfigRequest config = new CreateEndpointConfigRequest(endpoint.config()
                    .endpointConfigName(), List.copyOf(variants.values()), endpoint.config().kmsKeyId(),
                    endpoint.config().asyncInferenceConfig(), endpoint.config().dataCaptureConfig(), null);
            Endpoint next = new Endpoint(endpoint.endpointConfigName(), config, endpoint.models(),
                    endpoint.failureReason());
            if (resizing) {
                resized = current;
                resizedTo = next;
            } else {
                write(current, EndpointStatus.IN_SERVICE, next);
            }
        } finally {
            lock.unlock();
        }
        if (resized != null) {
            update(resized, resizedTo);
        }
    }

    /** Brings back endpoints after a restart: InService ones show SystemUpdating until their instances answer. */
    void recover() {
        fleet.reapOrphans();
        for (StoredResource row : store.all(Endpoints.KIND, null)) {
            EndpointStatus status = status(row);
            switch (status) {
                case IN_SERVICE, SYSTEM_UPDATING, UPDATING, ROLLING_BACK -> {
                    StoredResource updating = write(row, EndpointStatus.SYSTEM_UPDATING, endpoint(row));
                    deployInBackground(updating, EndpointStatus.SYSTEM_UPDATING, Duration.ZERO);
                }
                case CREATING -> deployInBackground(row, EndpointStatus.CREATING, Duration.ZERO);
                case DELETING -> store.delete(row.arn());
                case FAILED -> {
                }
            }
        }
    }

    /** Writes {@code to} if the endpoint is still in {@code from}; returns whether it did. */
    private boolean move(StoredResource row, EndpointStatus from, EndpointStatus to, String reason) {
        lock.lock();
        try {
            Optional<StoredResource> current = current(row);
            if (current.isEmpty() || status(current.get()) != from) {
                return false;
            }
            write(current.get(), to, endpoint(current.get()).withFailure(reason));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private StoredResource write(StoredResource row, EndpointStatus to, Endpoint endpoint) {
        StoredResource next = new StoredResource(row.kind(), row.region(), row.name(), row.arn(), to.wireName(),
                row.creationTime(), clock.instant(), StoredJson.write(endpoint));
        store.update(next);
        return next;
    }

    private Optional<StoredResource> current(StoredResource row) {
        return store.find(Endpoints.KIND, row.region(), row.name()).filter(r -> r.arn().equals(row.arn()));
    }

    private static EndpointStatus status(StoredResource row) {
        for (EndpointStatus s : EndpointStatus.values()) {
            if (s.wireName().equals(row.status())) {
                return s;
            }
        }
        throw new IllegalStateException("unknown endpoint status " + row.status());
    }
}
