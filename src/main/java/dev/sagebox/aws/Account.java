package dev.sagebox.aws;

/** The one account every local resource belongs to. */
public final class Account {
    public static final String ID = "000000000000";

    private Account() {
    }
}
