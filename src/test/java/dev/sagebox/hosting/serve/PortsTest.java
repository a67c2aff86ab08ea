package dev.sagebox.hosting.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
    /** Below the range servers use, so a server running beside the test does not take these ports. */
    private static final int FIRST = 19_000;
    private static final int LAST = 19_300;

    @Test
    void next_skipsABlockAnotherProcessHasClaimed(@TempDir Path locks) throws Exception {
        // Python's lockf takes the same POSIX record lock as FileChannel.tryLock, as another JVM would.
        Process holder = new ProcessBuilder("python3", "-c", """
                import fcntl, sys, time
                f = open(sys.argv[1], "w")
                fcntl.lockf(f, fcntl.LOCK_EX)
                print("locked", flush=True)
                time.sleep(60)
                """, locks.resolve(FIRST + ".lock").toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            Ports.Block block = new Ports(locks, FIRST, LAST).next();
            assertThat(block.port()).isNotEqualTo(FIRST).isBetween(FIRST, LAST);
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void next_twoAllocatorsSharingLocks_neverHandOutTheSameBlock(@TempDir Path locks) throws Exception {
        Ports one = new Ports(locks, FIRST, LAST);
        Ports other = new Ports(locks, FIRST, LAST);
        int a = one.next().port();
        int b = other.next().port();
        assertThat(a).isNotEqualTo(b);
        assertThat(one.next().port()).isNotIn(a, b);
    }
}
