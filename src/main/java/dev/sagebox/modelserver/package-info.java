/**
 * The model server for the process runtime: a standard-library Python program that serves one endpoint instance the
 * way a SageMaker framework serving container does (inference toolkit handlers, or TensorFlow Serving's REST formats
 * for SavedModels), and the Java side that installs it under the data dir and builds its command line. Imports
 * only {@code state.AtomicFiles} of ours, so {@code hosting} and {@code runtime.process} can depend on it.
 */
package dev.sagebox.modelserver;
