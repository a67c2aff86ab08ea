/**
 * Leaving the machine on purpose: {@code sagebox promote} re-creates local jobs and endpoints on a target SageMaker,
 * and {@code sagebox import} brings cloud jobs and models home. It signs with the user's own AWS credentials (the
 * standard chain, profiles, regions, {@code endpoint_url}) and talks to the local server only through its APIs. It
 * imports {@code images} and {@code state}, never a feature package, a codec or the front door.
 */
package dev.sagebox.cloud;
