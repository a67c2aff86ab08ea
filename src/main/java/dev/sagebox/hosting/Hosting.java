package dev.sagebox.hosting;

import dev.sagebox.aws.Operation;
import dev.sagebox.hosting.serve.ServingFleet;
import dev.sagebox.state.Schema;
import dev.sagebox.state.StateStore;
import dev.sagebox.tags.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The hosting feature as {@code Sagebox.java} wires it: models, endpoint configs and endpoints over one store. */
public final class Hosting {
    public static final Schema SCHEMA = HostingStore.SCHEMA;

    private final Models models;
    private final EndpointConfigs configs;
    private final Endpoints endpoints;

    /**
     * @param createWait how long CreateEndpoint may block for the endpoint to reach InService or Failed
     *                   ({@code sagebox.hosting.createWaitSeconds}); zero answers at once
     */
    public Hosting(StateStore state, Tags tags, ServingFleet fleet, Clock clock, Duration createWait) {
        HostingStore store = new HostingStore(state);
        this.models = new Models(store, tags, clock);
        this.configs = new EndpointConfigs(store, tags, clock);
        this.endpoints = new Endpoints(store, tags, models, configs, fleet, clock, createWait);
    }

    public List<Operation<?, ?>> operations() {
        List<Operation<?, ?>> all = new ArrayList<>(models.operations());
        all.addAll(configs.operations());
        all.addAll(endpoints.operations());
        return all;
    }

    /**
     * Restarts an InService endpoint's instances from fresh code and model data, blue/green, with no failed calls.
     * The admin route has no signing scope, so the endpoint is looked up in the default region.
     */
    public void reload(String endpointName) {
        endpoints.reload(dev.sagebox.aws.Region.DEFAULT, endpointName);
    }

    /** A model's spec, or the ValidationException AWS gives for a missing one; transform jobs run models too. */
    public dev.sagebox.hosting.api.CreateModelRequest findModel(dev.sagebox.aws.Region region, String name) {
        return models.find(region, name);
    }

    /** Restarts the endpoints that were serving when the server last stopped (§6.2, "Sagebox restarts"). */
    public void recover() {
        endpoints.lifecycle().recover();
    }
}
