package dev.sagebox.hosting.serve;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the read timeouts of container connections without timed socket reads. A timed read costs a non-blocking
 * read, a {@code poll} and a second read on a platform thread (a third of a transform worker's CPU in
 * {@code ./sagebox bench transform}), and a timer registration on a virtual thread. Here every read blocks untimed,
 * each exchange arms its connection's {@link Deadline}, and one scanner thread closes a connection whose deadline has
 * passed, which ends the blocked read or write; the exchange then reports a timeout. Deadlines fire up to one
 * {@link #TICK} late.
 */
final class ConnectionWatchdog {
    static final ConnectionWatchdog SHARED = new ConnectionWatchdog();

    static final Duration TICK = Duration.ofMillis(50);
    /** Scans that found nothing armed before the scanner parks until the next arm. */
    private static final int IDLE_SCANS = 20;
    /** Deadlines count from here, so a live one is always positive: 0 is disarmed, -1 fired. */
    private static final long ORIGIN = System.nanoTime();
    private static final long DISARMED = 0;
    private static final long FIRED = -1;

    private final Set<Deadline> watched = ConcurrentHashMap.newKeySet();
    private volatile Thread scanner;
    private volatile boolean parked;

    private ConnectionWatchdog() {
    }

    /** Watches {@code socket} until {@link Deadline#close()}. */
    Deadline watch(Socket socket) {
        Deadline deadline = new Deadline(socket);
        watched.add(deadline);
        return deadline;
    }

    /** The deadline of one connection: armed for each exchange, extended by each read that brings data. */
    final class Deadline implements AutoCloseable {
        private final Socket socket;
        private final AtomicLong at = new AtomicLong(DISARMED);
        private long timeoutNanos;

        private Deadline(Socket socket) {
            this.socket = socket;
        }

        /** Starts an exchange that may wait {@code timeoutMillis} for each read; 0 waits forever. */
        void arm(int timeoutMillis) {
            if (timeoutMillis <= 0) {
                return;
            }
            timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            at.set(now() + timeoutNanos);
            wakeScanner();
        }

        /** Data arrived: the next read may wait the whole timeout again. */
        void extend() {
            long current = at.get();
            if (current > 0) {
                at.compareAndSet(current, now() + timeoutNanos);
            }
        }

        /** Ends the exchange; false when the deadline fired first (the connection is then closed). */
        boolean disarm() {
            return at.getAndSet(DISARMED) != FIRED;
        }

        /** True when the deadline fired during the current exchange (its connection is closed). */
        boolean fired() {
            return at.get() == FIRED;
        }

        private void fireIfPast(long now) {
            long current = at.get();
            if (current > 0 && now - current > 0 && at.compareAndSet(current, FIRED)) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }

        private boolean isArmed() {
            return at.get() > 0;
        }

        /** Stops watching; the caller closes the socket. */
        @Override
        public void close() {
            watched.remove(this);
        }
    }

    private static long now() {
        return System.nanoTime() - ORIGIN + 1;
    }

    private void wakeScanner() {
        if (scanner == null) {
            startScanner();
        } else if (parked) {
            parked = false;
            LockSupport.unpark(scanner);
        }
    }

    private synchronized void startScanner() {
        if (scanner == null) {
            scanner = Thread.ofPlatform().daemon().name("sagebox-connection-watchdog").start(this::scan);
        }
    }

    private void scan() {
        int idle = 0;
        while (true) {
            LockSupport.parkNanos(TICK.toNanos());
            long now = now();
            boolean armed = false;
            for (Deadline deadline : watched) {
                deadline.fireIfPast(now);
                armed |= deadline.isArmed();
            }
            idle = armed ? 0 : idle + 1;
            if (idle >= IDLE_SCANS) {
                parked = true;
                // An arm between the last scan and this flag would find parked false and not wake us: look again.
                if (watched.stream().noneMatch(Deadline::isArmed)) {
                    LockSupport.park();
                }
                parked = false;
                idle = 0;
            }
        }
    }
}
