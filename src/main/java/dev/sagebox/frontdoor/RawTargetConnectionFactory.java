package dev.sagebox.frontdoor;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections that accept request targets whose dot-segments climb above {@code /}, such as the S3 key
 * {@code ../../x} in {@code PUT /bucket/../../x}: Jetty refuses those before any handler runs, whatever the URI
 * compliance. Such a target is handed to Jetty with its slashes escaped (one harmless segment), and the path as the
 * client sent it is kept for {@link RequestIdHandler} to publish as {@code RawPath.ATTRIBUTE}.
 */
final class RawTargetConnectionFactory extends HttpConnectionFactory {

    RawTargetConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        RawTargetConnection connection = new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** The path of the current request as received, when Jetty was given an escaped one; else null. */
    static String originalPath(org.eclipse.jetty.server.Request request) {
        return request.getConnectionMetaData().getConnection() instanceof RawTargetConnection connection
                ? connection.originalPath : null;
    }

    /** One connection; HTTP/1.1 handles one request at a time on it, so a field can carry the original path. */
    static final class RawTargetConnection extends HttpConnection {
        private volatile String originalPath;

        RawTargetConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String target, HttpVersion version) {
            originalPath = null;
            try {
                return super.newHttpStream(method, target, version);
            } catch (IllegalArgumentException refused) {
                if (!target.startsWith("/") || !target.contains("..")) {
                    throw refused;
                }
                int query = target.indexOf('?');
                String path = query < 0 ? target : target.substring(0, query);
                String escaped = "/" + path.substring(1).replace("/", "%2F")
                        + (query < 0 ? "" : target.substring(query));
                HttpStreamOverHTTP1 stream = super.newHttpStream(method, escaped, version);
                originalPath = path;
                return stream;
            }
        }
    }
}
