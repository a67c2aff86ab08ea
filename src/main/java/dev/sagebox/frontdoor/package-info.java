/**
 * The one port: Jetty on virtual threads, the request id and access log wrappers, the admin routes, and the order in
 * which codecs are asked to claim a request (CONTRACTS.md §1). Imports Jetty, {@code auth} and {@code protocol}.
 */
package dev.sagebox.frontdoor;
