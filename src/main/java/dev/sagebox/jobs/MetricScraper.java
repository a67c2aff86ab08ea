package dev.sagebox.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies {@code MetricDefinitions} to output lines (CONTRACTS §3.4): each regex with find(), the value is group 1 or
 * the whole match, and the last value wins. Python's {@code (?P<name>} becomes a plain group, since Java rejects
 * group names such as {@code train_loss} that SDK users copy from the cloud docs.
 */
public final class MetricScraper {
    /** A metric's latest value. */
    public record Value(String name, double value, Instant timestamp) {
    }

    private record Definition(String name, Pattern pattern) {
    }

    /** Enough for a value per step of a long job; past it the series stops growing while the last values update. */
    static final int MAX_HISTORY = 100_000;

    private final List<Definition> definitions = new ArrayList<>();
    private final Map<String, Value> latest = new LinkedHashMap<>();
    private final List<Value> history = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param regexByName metric name to the regex as the user wrote it
     * @throws IllegalArgumentException naming the metric whose regex Java cannot compile
     */
    public MetricScraper(Map<String, String> regexByName) {
        regexByName.forEach((name, regex) -> {
            try {
                definitions.add(new Definition(name, Pattern.compile(regex.replace("(?P<", "(?<")
                        .replaceAll("\\(\\?<([^>=!]*)>", "("))));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("MetricDefinitions regex of " + name + " is not valid: "
                        + e.getDescription());
            }
        });
    }

    /** Offers one output line; thread-safe, since stdout and stderr arrive on different threads. */
    public void accept(String line, Instant at) {
        for (Definition definition : definitions) {
            Matcher matcher = definition.pattern().matcher(line);
            if (!matcher.find()) {
                continue;
            }
            String text = matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
            try {
                double value = Double.parseDouble(text.trim());
                if (!Double.isFinite(value)) {
                    // JSON has no NaN or Infinity; a client would fail to parse the whole Describe response.
                    continue;
                }
                lock.lock();
                try {
                    Value point = new Value(definition.name(), value, at);
                    latest.put(definition.name(), point);
                    if (history.size() < MAX_HISTORY) {
                        history.add(point);
                    }
                } finally {
                    lock.unlock();
                }
            } catch (NumberFormatException ignored) {
                // AWS skips matches that are not numbers, too
            }
        }
    }

    /** Every value matched so far, in arrival order (the first {@link #MAX_HISTORY} of them). */
    public List<Value> history() {
        lock.lock();
        try {
            return List.copyOf(history);
        } finally {
            lock.unlock();
        }
    }

    /** The last value of every metric that matched at least once, in definition order. */
    public List<Value> finalValues() {
        lock.lock();
        try {
            List<Value> ordered = new ArrayList<>();
            for (Definition definition : definitions) {
                Value value = latest.get(definition.name());
                if (value != null) {
                    ordered.add(value);
                }
            }
            return ordered;
        } finally {
            lock.unlock();
        }
    }
}
