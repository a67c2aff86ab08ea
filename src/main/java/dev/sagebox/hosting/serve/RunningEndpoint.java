package dev.sagebox.hosting.serve;

import dev.sagebox.aws.Region;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An endpoint's live instances, grouped by variant, and whether it takes traffic yet. */
final class RunningEndpoint {
    /** One variant: its weight and instances, with a round-robin cursor. */
    static final class Variant {
        final String name;
        final String containerHostname;
        volatile float weight;
        final List<Instance> instances = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();

        Variant(String name, String containerHostname, float weight) {
            this.name = name;
            this.containerHostname = containerHostname;
            this.weight = weight;
        }
    }

    final Region region;
    final String name;
    final String arn;
    final List<Variant> variants = new CopyOnWriteArrayList<>();
    volatile boolean serving;
    volatile boolean stopped;

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
