package dev.sagebox.transform.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV row as SageMaker's filters see it, an array of fields. Each field keeps its text exactly, quotes included,
 * so a row that is split and joined again is byte-for-byte the row it was.
 */
public final class CsvFields {
    private CsvFields() {
    }

    /** The fields of one row (without its line end); commas inside double quotes do not split. */
    public static List<String> split(String row) {
        List<String> fields = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(row.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(row.substring(start));
        return fields;
    }

    public static String join(List<String> fields) {
        return String.join(",", fields);
    }
}
