/**
 * Processing jobs (CONTRACTS §8.2): the control plane (Create, Describe, List, Stop), the job's status machine and
 * its SQLite store. Running a job is {@code processing.run}'s; imports {@code aws}, {@code state} and {@code tags}.
 */
package dev.sagebox.processing;
