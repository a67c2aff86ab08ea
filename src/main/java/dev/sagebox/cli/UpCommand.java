package dev.sagebox.cli;

import dev.sagebox.Sagebox;
import dev.sagebox.SageboxConfig;
import dev.sagebox.auth.AuthConfigurationException;
import dev.sagebox.state.StateStoreException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sagebox up}: runs the server in the foreground until SIGINT or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the Sagebox server in the foreground (Ctrl-C stops it gracefully).")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Address to listen on (env SAGEBOX_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on, 0 for any free one (env SAGEBOX_PORT; default 4577).")
    Integer port;

    @Option(names = "--data-dir", description = "Where state and objects live (env SAGEBOX_HOME; default ~/.sagebox).")
    String dataDir;

    @Option(names = "--auth", description = "off (any credentials) or verify (SigV4 against <data-dir>/credentials).")
    String auth;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any configuration key, e.g. -D sagebox.s3.virtualHostBase=localhost")
    Map<String, String> settings = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>(settings);
        putIfSet(overrides, SageboxConfig.HOST, host);
        putIfSet(overrides, SageboxConfig.PORT, port == null ? null : port.toString());
        putIfSet(overrides, SageboxConfig.HOME, dataDir);
        putIfSet(overrides, SageboxConfig.AUTH, auth);
        SageboxConfig config = SageboxConfig.load(System.getenv(), overrides);
        Sagebox sagebox;
        try {
            sagebox = Sagebox.start(config);
        } catch (AuthConfigurationException | StateStoreException e) {
            System.err.println("sagebox: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("sagebox: cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + " (is another Sagebox running? try --port)");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sagebox.close();
            stopped.countDown();
        }, "sagebox-shutdown"));
        printReady(System.out, sagebox);
        stopped.await();
        return 0;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static void printReady(PrintStream out, Sagebox sagebox) {
        String url = sagebox.baseUrl();
        out.printf("Sagebox ready on %s in %d ms (data: %s, auth: %s)%n", url, sagebox.startTime().toMillis(),
                sagebox.config().home(), sagebox.config().get(SageboxConfig.AUTH));
        out.println("Point your AWS clients at it:");
        if (sagebox.keyPairs().isVerifying()) {
            // Any key pair of the credentials file signs; a profile that holds one works as well as exports.
            out.printf("  export AWS_ENDPOINT_URL=%s AWS_DEFAULT_REGION=us-east-1 (sign with a key pair from %s)%n",
                    url, sagebox.config().home().resolve("credentials"));
        } else {
            out.printf("  export AWS_ENDPOINT_URL=%s AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "
                    + "AWS_DEFAULT_REGION=us-east-1%n", url);
        }
        out.flush();
    }
}
