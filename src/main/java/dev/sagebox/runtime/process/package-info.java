/**
 * The process runtime: workloads as host processes started with {@link java.lang.ProcessBuilder}, each in its own
 * process group so that a stop reaches every child. Imports only {@code runtime}.
 */
package dev.sagebox.runtime.process;
