package dev.sagebox.jobs;

import dev.sagebox.aws.Region;
import java.nio.file.Path;
import java.util.Locale;

/** Where a job's host trees live on disk. */
public final class JobDirectory {
    private JobDirectory() {
    }

    /**
     * {@code <parent>/<job>}, lower-cased as names are unique ignoring case. Names are unique per region only, so
     * other regions get {@code <job>.<region>}; a dot cannot occur in a job name.
     */
    public static Path of(Path parent, String jobName, Region region) {
        String name = jobName.toLowerCase(Locale.ROOT);
        if (!region.equals(Region.DEFAULT)) {
            name += "." + region.name();
        }
        return parent.resolve(name);
    }
}
