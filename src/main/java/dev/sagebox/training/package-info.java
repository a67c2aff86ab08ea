/**
 * SageMaker training jobs: the request shapes, the job (spec plus state) with its status machine, the SQLite store
 * and the control-plane operations. Running a job is delegated to a {@link dev.sagebox.training.TrainingJobLauncher};
 * this package imports {@code aws}, {@code state} and {@code tags}, never a protocol or a runtime.
 */
package dev.sagebox.training;
