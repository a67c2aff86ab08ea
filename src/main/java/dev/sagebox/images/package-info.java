/**
 * The image cache for offline work: SageMaker framework image URIs from a shipped table, the alias file that makes a
 * locally built image answer to a cloud URI, and the Docker engine's image calls (pull, save, load, list) behind
 * {@code sagebox images}. It talks to the engine through docker-java directly because images are an engine concept;
 * it imports {@code jobs} for the process image mapping, and nothing from {@code runtime.docker}.
 */
package dev.sagebox.images;
