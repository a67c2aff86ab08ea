package dev.sagebox.logs;

import dev.sagebox.aws.LogsError;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of CloudWatch Logs filter syntax Sagebox understands: plain terms and {@code "quoted phrases"} that must
 * all occur, and {@code ?alternatives} of which at least one must occur. Matching is case-sensitive, as in AWS. JSON
 * and space-delimited patterns, exclusions and regular expressions are refused rather than matched wrongly.
 */
final class FilterPattern {
    private static final FilterPattern ALL = new FilterPattern(List.of(), List.of());

    private final List<String> required;
    private final List<String> alternatives;

    private FilterPattern(List<String> required, List<String> alternatives) {
        this.required = List.copyOf(required);
        this.alternatives = List.copyOf(alternatives);
    }

    /** Parses a pattern; null or blank matches every event. */
    static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        List<String> required = new ArrayList<>();
        List<String> alternatives = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean optional = c == '?';
            int start = optional ? i + 1 : i;
            if (start >= pattern.length() || Character.isWhitespace(pattern.charAt(start))) {
                throw unsupported(pattern);
            }
            int end;
            String term;
            if (pattern.charAt(start) == '"') {
                end = pattern.indexOf('"', start + 1);
                if (end < 0 || end == start + 1) {
                    throw unsupported(pattern);
                }
                term = pattern.substring(start + 1, end);
                end++;
                if (end < pattern.length() && !Character.isWhitespace(pattern.charAt(end))) {
                    throw unsupported(pattern);
                }
            } else {
                end = start;
                while (end < pattern.length() && !Character.isWhitespace(pattern.charAt(end))) {
                    end++;
                }
                term = pattern.substring(start, end);
                if (!isPlainTerm(term)) {
                    throw unsupported(pattern);
                }
            }
            (optional ? alternatives : required).add(term);
            i = end;
        }
        return new FilterPattern(required, alternatives);
    }

    /** Excludes the other syntaxes: {@code {...}} JSON, {@code [...]} columns, {@code -term}, {@code %regex%}. */
    private static boolean isPlainTerm(String term) {
        char first = term.charAt(0);
        if (first == '{' || first == '[' || first == '-' || first == '%') {
            return false;
        }
        return term.indexOf('"') < 0;
    }

    private static RuntimeException unsupported(String pattern) {
        return LogsError.INVALID_PARAMETER.exception("Invalid filter pattern: " + pattern
                + ". Sagebox supports terms, \"quoted phrases\" and ?alternatives.");
    }

    boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        if (alternatives.isEmpty()) {
            return true;
        }
        for (String term : alternatives) {
            if (message.contains(term)) {
                return true;
            }
        }
        return false;
    }

    boolean matchesEverything() {
        return required.isEmpty() && alternatives.isEmpty();
    }
}
