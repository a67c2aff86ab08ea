/** The {@code sagebox} command line (picocli): each command parses, calls a feature or the server, and prints. */
package dev.sagebox.cli;
