/**
 * Script mode for the process runtime: a standard-library Python program that runs one host of a framework training
 * job the way the SageMaker training toolkit does, and the Java side that installs it under the data dir and builds
 * its command line. Imports only {@code state.AtomicFiles} of ours, so {@code jobs} and {@code runtime.process} can depend on it.
 */
package dev.sagebox.scriptmode;
