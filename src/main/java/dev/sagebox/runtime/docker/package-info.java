/**
 * The Docker runtime: workloads as containers on a local engine through docker-java, with images resolved offline
 * (exact tag, ECR URI to local tag, alias map) and never pulled unless configured. Imports only {@code runtime}; only
 * {@code Sagebox.java} names it.
 */
package dev.sagebox.runtime.docker;
