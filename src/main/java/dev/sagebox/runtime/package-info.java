/**
 * The workload SPI: a {@link dev.sagebox.runtime.WorkloadSpec} of our own types goes in, a running
 * {@link dev.sagebox.runtime.Workload} comes out, and it ends with a sealed {@link dev.sagebox.runtime.ExitStatus}.
 * Implementations live in sub-packages and only {@code Sagebox.java} names them; this package imports nothing of ours.
 */
package dev.sagebox.runtime;
