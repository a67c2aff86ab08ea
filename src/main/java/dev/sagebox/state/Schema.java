package dev.sagebox.state;

import java.util.List;

/**
 * One component's tables, as an ordered list of migrations. Migration {@code i} (1-based) runs once, in a transaction
 * of its own, and is recorded in {@code schema_migrations}; released migrations are never edited, only appended to.
 *
 * @param component  a stable name, e.g. {@code objectstore}
 * @param migrations SQL scripts; statements separated by {@code ;} at line ends
 */
public record Schema(String component, List<String> migrations) {
    public Schema {
        migrations = List.copyOf(migrations);
    }
}
