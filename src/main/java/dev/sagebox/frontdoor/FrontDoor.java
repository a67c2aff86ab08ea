package dev.sagebox.frontdoor;

import dev.sagebox.aws.ServedOperation;
import dev.sagebox.protocol.ServesOperations;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The HTTP server on one port. Codecs are asked in the order given, after the admin routes; the first to claim a
 * request serves it (CONTRACTS.md §1), and the last one, S3, claims everything that is left.
 */
public final class FrontDoor implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final BaseUrlHolder baseUrl = new BaseUrlHolder();

    /**
     * @param host     the address to listen on
     * @param port     the port, 0 for an ephemeral one
     * @param auth     wraps the codecs to attach each request's {@code Authentication}
     * @param codecs   the protocol codecs in routing order
     */
    public FrontDoor(String host, int port, java.util.function.UnaryOperator<Handler> auth, List<Handler> codecs) {
        this(host, port, auth, codecs, name -> {
            throw new UnsupportedOperationException("endpoint reload is not wired");
        });
    }

    /**
     * @param reloadEndpoint restarts an endpoint's instances by name, behind
     *                       {@code POST /_sagebox/endpoints/{name}/reload}
     */
    public FrontDoor(String host, int port, java.util.function.UnaryOperator<Handler> auth, List<Handler> codecs,
                     java.util.function.Consumer<String> reloadEndpoint) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("sagebox-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // S3 keys may contain "..", "//", "%2F" and other ambiguous path parts; the S3 codec decodes the raw path
        // itself and keeps keys away from the file system, so Jetty must pass such URIs through untouched.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setHttpCompliance(HttpCompliance.RFC7230);
        http.setRequestHeaderSize(64 * 1024);
        // Jetty's parser swaps well-known header lines for cached ones, matched ignoring case by default, so a
        // received "Content-Type: text/plain; charset=UTF-8" would read back as "...charset=utf-8". SigV4 signs the
        // bytes the client sent (the Java SDK's S3 PutObject signs that exact header), so the cache must match exactly.
        http.setHeaderCacheCaseSensitive(true);
        connector = new ServerConnector(server, 1, 1, new RawTargetConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);

        Handler.Sequence routes = new Handler.Sequence();
        List<ServedOperation> served = codecs.stream().filter(ServesOperations.class::isInstance)
                .flatMap(codec -> ((ServesOperations) codec).servedOperations().stream()).toList();
        routes.addHandler(new AdminHandler(reloadEndpoint, served));
        codecs.forEach(routes::addHandler);
        Handler chain = new RequestIdHandler(new AccessLogHandler(new LastResortHandler(auth.apply(routes))),
                baseUrl);
        server.setHandler(chain);
        server.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        server.start();
        baseUrl.set("http://" + urlHost(connector.getHost()) + ":" + connector.getLocalPort());
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} as clients and jobs should use it. */
    public String baseUrl() {
        return baseUrl.get();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }

    /** A wildcard listen address is reached through loopback; IPv6 literals need brackets in a URL. */
    private static String urlHost(String host) {
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The base URL is known only after binding; the request-id wrapper reads it per request. */
    static final class BaseUrlHolder {
        private volatile String value;

        void set(String value) {
            this.value = value;
        }

        String get() {
            return value;
        }
    }
}
