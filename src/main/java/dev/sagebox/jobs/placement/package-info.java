/**
 * Where and how big a job's workload runs: {@link dev.sagebox.jobs.placement.RuntimeSelector} picks Docker or a host
 * process per image ({@code sagebox.runtime}, CONTRACTS §4.4), and {@link dev.sagebox.jobs.placement.InstanceTypes}
 * turns an instance type into limits and GPUs. Imports {@code jobs} and {@code runtime}, never an implementation.
 */
package dev.sagebox.jobs.placement;
