package dev.sagebox.images;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for long image work. On a terminal it redraws in place; otherwise (a log, a test) it
 * prints a line at most every tenth of the way, so redirected output stays readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final String label;
    private final boolean terminal;
    private long lastDraw;
    private int lastTenth = -1;
    private boolean drawn;

    public ProgressBar(PrintWriter out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    /** Shows {@code done} of {@code total} bytes; a total of 0 or less shows the bytes only. */
    public void update(long done, long total, String detail) {
        long now = System.nanoTime();
        if (terminal) {
            if (drawn && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            out.print("\r" + line(done, total, detail) + "\u001b[K");
            out.flush();
        } else {
            int tenth = total > 0 ? (int) Math.min(10, done * 10 / total) : lastTenth + (drawn ? 0 : 1);
            if (tenth == lastTenth) {
                return;
            }
            lastTenth = tenth;
            out.println(line(done, total, detail));
            out.flush();
        }
        lastDraw = now;
        drawn = true;
    }

    /** Draws the final state and ends the line. */
    public void finish(long done, long total, String detail) {
        if (terminal) {
            out.print("\r" + line(done, total, detail) + "\u001b[K");
            out.println();
        } else {
            out.println(line(done, total, detail));
        }
        out.flush();
    }

    /** Ends the bar with a sentence instead of numbers, e.g. when there was nothing to transfer. */
    public void finish(String text) {
        out.print((terminal && drawn ? "\r" : "") + label + ' ' + text + (terminal ? "\u001b[K" : ""));
        out.println();
        out.flush();
    }

    String line(long done, long total, String detail) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, done * 100 / total)))
                    .append(bytes(done)).append('/').append(bytes(total));
        } else {
            line.append(bytes(done));
        }
        if (detail != null && !detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        return line.toString();
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }
}
