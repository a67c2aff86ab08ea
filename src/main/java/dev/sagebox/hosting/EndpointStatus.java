package dev.sagebox.hosting;

/** DescribeEndpoint's {@code EndpointStatus}, with its wire name. */
public enum EndpointStatus {
    CREATING("Creating"),
    IN_SERVICE("InService"),
    SYSTEM_UPDATING("SystemUpdating"),
    UPDATING("Updating"),
    ROLLING_BACK("RollingBack"),
    DELETING("Deleting"),
    FAILED("Failed");

    static final java.util.List<String> WIRE_NAMES = java.util.Arrays.stream(values())
            .map(EndpointStatus::wireName).toList();

    private final String wireName;

    EndpointStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the endpoint's instances are being started, so a deployer thread owns its status. */
    boolean isStarting() {
        return this == CREATING || this == SYSTEM_UPDATING;
    }
}
