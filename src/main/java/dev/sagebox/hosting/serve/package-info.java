/**
 * Serving endpoints: model data staged once into a Sagebox-owned cache, instances started through an
 * {@link dev.sagebox.hosting.serve.InstanceLauncher} (the one seam where a runtime plugs in: Docker or host
 * processes, chosen per image as for training), each instance one container or an inference pipeline's several,
 * readiness by {@code /ping}, and invocations routed by variant weight and round-robin over pooled keep-alive
 * connections, through a pipeline's containers in order or to the one a Direct call names. Batch transform jobs get
 * the same instances without endpoint traffic through {@link dev.sagebox.hosting.serve.BatchInstances}. Imports
 * {@code runtime}, {@code jobs.placement}, {@code logs}, {@code objectstore}, {@code modelserver}, {@code jobs} and
 * {@code aws}.
 */
package dev.sagebox.hosting.serve;
