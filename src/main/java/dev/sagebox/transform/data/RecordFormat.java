package dev.sagebox.transform.data;

import java.util.Locale;

/** The record formats {@code DataProcessing} understands, told apart by content type. */
public enum RecordFormat {
    CSV,
    JSON,
    JSON_LINES;

    /** The format of a content type (parameters ignored), or null when DataProcessing cannot read it. */
    public static RecordFormat of(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> CSV;
            case "application/json" -> JSON;
            case "application/jsonlines", "application/x-jsonlines", "application/jsonl" -> JSON_LINES;
            default -> null;
        };
    }
}
