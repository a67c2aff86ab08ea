package dev.sagebox.aws;

import java.util.Locale;

/** Builders for the ARNs Sagebox hands out. SageMaker lower-cases resource names in its ARNs. */
public final class Arn {
    private Arn() {
    }

    /** {@code arn:aws:sagemaker:<region>:000000000000:<type>/<lower-cased name>}. */
    public static String sageMaker(Region region, String resourceType, String name) {
        return "arn:aws:sagemaker:" + region.name() + ":" + Account.ID + ":" + resourceType + "/"
                + name.toLowerCase(Locale.ROOT);
    }

    /** {@code arn:aws:logs:<region>:000000000000:log-group:<group>}. */
    public static String logGroup(Region region, String group) {
        return "arn:aws:logs:" + region.name() + ":" + Account.ID + ":log-group:" + group;
    }

    /** {@code arn:aws:logs:<region>:000000000000:log-group:<group>:log-stream:<stream>}. */
    public static String logStream(Region region, String group, String stream) {
        return logGroup(region, group) + ":log-stream:" + stream;
    }

    /** The caller identity every credential maps to. */
    public static String rootUser() {
        return "arn:aws:iam::" + Account.ID + ":root";
    }
}
