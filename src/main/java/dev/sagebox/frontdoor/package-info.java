/**
 * The one port: Jetty on virtual threads, the request id and access log wrappers, the admin routes, and the order in
 * which codecs are asked to claim a request (CONTRACTS.md §1). Imports Jetty, Jackson, {@code aws}, {@code auth} and
 * {@code protocol}; features reach the admin routes only as callbacks that {@code Sagebox.java} passes in.
 */
package dev.sagebox.frontdoor;
