/**
 * Sagebox: SageMaker, offline. {@link dev.sagebox.Sagebox} is the composition root that wires the features into the
 * front door; {@link dev.sagebox.SageboxConfig} holds every setting.
 */
package dev.sagebox;
