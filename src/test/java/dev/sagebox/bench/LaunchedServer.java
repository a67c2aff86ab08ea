package dev.sagebox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server started the way {@code ./sagebox up} starts it: the launcher prints the exact java command it would run
 * ({@code SAGEBOX_PRINT_COMMAND=1}), and the bench runs that command, so the flags measured are the launcher's.
 */
public final class LaunchedServer implements AutoCloseable {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Process process;
    private final int port;
    private final long answeredAfterNanos;

    private LaunchedServer(Process process, int port, long answeredAfterNanos) {
        this.process = process;
        this.port = port;
        this.answeredAfterNanos = answeredAfterNanos;
    }

    /** The repository root: the bench directory's parent, where the launcher lives. */
    public static Path root() {
        return Path.of(System.getProperty("sagebox.bench.dir", "bench")).toAbsolutePath().getParent();
    }

    /** The java command {@code ./sagebox up --port PORT --data-dir HOME} runs (building the jar first if stale). */
    public static List<String> launcherCommand(int port, Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(root().resolve("sagebox").toString(), "up", "--port",
                Integer.toString(port), "--data-dir", home.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SAGEBOX_PRINT_COMMAND", "1");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the launcher failed: " + out);
        }
        return out.lines().toList();
    }

    /** The launcher's command without its JVM flags: what a bare {@code java -jar sagebox.jar up} runs. */
    public static List<String> withoutFlags(List<String> command) {
        int jar = command.indexOf("-jar");
        List<String> plain = new ArrayList<>(List.of(command.getFirst()));
        plain.addAll(command.subList(jar, command.size()));
        return plain;
    }

    /** Runs {@code command} and returns once the server answered its first request (a health check). */
    public static LaunchedServer start(List<String> command, int port, Path log) throws IOException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        while (!answers(port)) {
            if (!process.isAlive() || System.nanoTime() - start > TIMEOUT_NANOS) {
                process.destroyForcibly();
                throw new IOException("server did not answer (exit " + (process.isAlive() ? "none" : process
                        .exitValue()) + "); see " + log);
            }
            LockSupport.parkNanos(1_000_000);
        }
        return new LaunchedServer(process, port, System.nanoTime() - start);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One raw HTTP/1.1 health check: no client library start-up cost in the measured time. */
    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /_sagebox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = in.readNBytes(head, 0, head.length);
            return read == head.length && new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    public long answeredAfterNanos() {
        return answeredAfterNanos;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size in MiB, from {@code /proc/PID/status}. */
    public double rssMib() throws IOException {
        return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0)
                .findFirst().orElseThrow();
    }

    /** User plus system CPU time the process used so far, in ms. */
    public double cpuMillis() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    /**
     * CPU time so far per kind of thread (main, JIT compilers, GC, the rest), in ms, from {@code /proc/PID/task}:
     * shows whether start-up waits on the main thread's own work or on the compilers beside it.
     */
    public Map<String, Double> threadCpuMillis() throws IOException {
        Map<String, Double> byKind = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
                double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
                byKind.merge(kind(name), millis, Double::sum);
            }
        }
        return byKind;
    }

    private static String kind(String thread) {
        if (thread.equals("java") || thread.equals("main")) {
            return "main thread";
        }
        if (thread.startsWith("C1 ") || thread.startsWith("C2 ")) {
            return "JIT compiler threads";
        }
        if (thread.startsWith("GC ") || thread.contains("GC")) {
            return "GC threads";
        }
        return "other threads (VM, Jetty, virtual-thread carriers, ...)";
    }

    /** SIGTERM and wait: the JVM writes its class-data archive on the way out the first time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
