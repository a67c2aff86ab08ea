package dev.sagebox.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark of the full report measured: its figures with their baselines and notes (method, goals), or why
 * it was skipped. {@code verbatim} holds the output of a benchmark that reports only as text.
 */
public record Section(String title, List<Figure> figures, List<String> notes, String skipped, String verbatim,
                      double seconds) {
    public Section {
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    public static Section skipped(String title, String why) {
        return new Section(title, List.of(), List.of(), why, null, 0);
    }

    public Section took(double took) {
        return new Section(title, figures, notes, skipped, verbatim, took);
    }

    /** The median of this section's figure named {@code name}, for ratios. */
    public double median(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst().map(Figure::median)
                .orElse(Double.NaN);
    }

    /** A builder that keeps figures in the order they were measured. */
    public static final class Builder {
        private final String title;
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String verbatim;

        public Builder(String title) {
            this.title = title;
        }

        public Builder add(Figure figure) {
            figures.add(figure);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public Builder verbatim(String text) {
            verbatim = text;
            return this;
        }

        public Section build() {
            return new Section(title, figures, notes, null, verbatim, 0);
        }
    }
}
