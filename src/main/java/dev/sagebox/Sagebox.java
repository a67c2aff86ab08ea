package dev.sagebox;

import dev.sagebox.auth.SigV4Handler;
import dev.sagebox.cli.SageboxCommand;
import dev.sagebox.frontdoor.FrontDoor;
import dev.sagebox.objectstore.ObjectStore;
import dev.sagebox.protocol.awsjson.AwsJsonCodec;
import dev.sagebox.protocol.awsjson.JsonService;
import dev.sagebox.protocol.query.QueryCodec;
import dev.sagebox.protocol.restjson.RuntimeCodec;
import dev.sagebox.protocol.s3.S3Codec;
import dev.sagebox.state.StateStore;
import dev.sagebox.sts.CallerIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import picocli.CommandLine;

/**
 * The composition root: opens the state, builds each feature, hands their operations to the codecs and starts the
 * front door. The only class that knows every part.
 */
public final class Sagebox implements AutoCloseable {
    private final SageboxConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final FrontDoor frontDoor;
    private final Duration startTime;

    private Sagebox(SageboxConfig config) throws Exception {
        long started = System.nanoTime();
        this.config = config;
        StateStore state = StateStore.open(config.home(), List.of(ObjectStore.schema()));
        closeables.add(state);
        ObjectStore objects = ObjectStore.open(config.home(), state);

        CallerIdentity sts = new CallerIdentity();

        List<Handler> codecs = List.of(
                new AwsJsonCodec(List.of(JsonService.sageMaker(List.of()), JsonService.logs(List.of()))),
                new RuntimeCodec(),
                new QueryCodec(sts.operations()),
                new S3Codec(objects, config.get(SageboxConfig.VIRTUAL_HOST_BASE)));
        frontDoor = new FrontDoor(config.host(), config.port(), SigV4Handler::new, codecs);
        try {
            frontDoor.start();
        } catch (Exception e) {
            close();
            throw e;
        }
        closeables.add(0, frontDoor);
        startTime = Duration.ofNanos(System.nanoTime() - started);
    }

    /** Starts a server with the given configuration; it listens until {@link #close()}. */
    public static Sagebox start(SageboxConfig config) throws Exception {
        return new Sagebox(config);
    }

    public int port() {
        return frontDoor.port();
    }

    /** {@code http://127.0.0.1:<port>}: what clients and jobs use to reach this server. */
    public String baseUrl() {
        return frontDoor.baseUrl();
    }

    public SageboxConfig config() {
        return config;
    }

    /** How long start-up took, from opening the state to listening. */
    public Duration startTime() {
        return startTime;
    }

    public void join() throws InterruptedException {
        frontDoor.join();
    }

    /** Stops accepting requests, then closes every part in reverse order of creation. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Sagebox.class).warn("error while stopping {}", closeable, e);
            }
        }
        closeables.clear();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SageboxCommand()).execute(args));
    }
}
