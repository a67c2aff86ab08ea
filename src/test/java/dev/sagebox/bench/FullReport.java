package dev.sagebox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of {@code ./sagebox bench}: every section's figures beside their same-run baselines, as Markdown and JSON. */
record FullReport(Instant started, double seconds, Machine machine, String loadAverageAtEnd, List<Section> sections) {

    /** Writes {@code <date>.md} and {@code <date>.json} into {@code dir} and returns the Markdown file. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String date = started.toString().substring(0, 10);
        Path md = dir.resolve(date + ".md");
        Files.writeString(md, markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(date + ".json").toFile(),
                json());
        return md;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Sagebox benchmark report\n\n");
        md.append(String.format(Locale.ROOT, "Run %s, %.0f s in all, load average %s at the end. Every figure is "
                + "compared with a baseline measured in the same run on the same machine: the ratio is the figure's "
                + "median over the baseline's median. Warm-up runs are not counted; reps are the measured runs. "
                + "Reproduce with `./sagebox bench`.%n%n", started, seconds, loadAverageAtEnd));
        md.append(machine.markdown()).append('\n');
        for (Section section : sections) {
            md.append(String.format(Locale.ROOT, "## %s%n%n", section.title()));
            if (section.skipped() != null) {
                md.append("Skipped: ").append(section.skipped()).append("\n\n");
                continue;
            }
            section.notes().forEach(note -> md.append(note).append("\n\n"));
            if (!section.figures().isEmpty()) {
                md.append("| figure | unit | warm-ups | reps | min | median | max | baseline | ratio |\n");
                md.append("|---|---|---:|---:|---:|---:|---:|---|---:|\n");
                for (Figure f : section.figures()) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %s | %s |%n",
                            f.name(), f.unit(), f.warmups(), f.reps(), number(f.min()), number(f.median()),
                            number(f.max()), f.baseline() == null ? "(baseline)" : f.baseline(),
                            ratio(section, f)));
                }
                md.append('\n');
            }
            if (section.verbatim() != null) {
                md.append("```\n").append(section.verbatim().strip()).append("\n```\n\n");
            }
            md.append(String.format(Locale.ROOT, "_%.0f s._%n%n", section.seconds()));
        }
        return md.toString();
    }

    private static String ratio(Section section, Figure f) {
        if (f.baseline() == null) {
            return "";
        }
        double r = f.median() / section.median(f.baseline());
        return Double.isNaN(r) || Double.isInfinite(r) ? "" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f",
                value);
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started.toString());
        root.put("seconds", Math.round(seconds));
        root.put("machine", machine);
        root.put("loadAverageAtEnd", loadAverageAtEnd);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Section section : sections) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", section.title());
            s.put("seconds", Math.round(section.seconds()));
            s.put("skipped", section.skipped());
            s.put("notes", section.notes());
            List<Map<String, Object>> figures = new ArrayList<>();
            for (Figure f : section.figures()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", f.name());
                row.put("unit", f.unit());
                row.put("warmups", f.warmups());
                row.put("reps", f.reps());
                row.put("min", f.min());
                row.put("median", f.median());
                row.put("max", f.max());
                row.put("samples", f.samples());
                row.put("baseline", f.baseline());
                String ratio = ratio(section, f);
                row.put("ratioToBaseline", ratio.isEmpty() ? null : Double.parseDouble(ratio));
                figures.add(row);
            }
            s.put("figures", figures);
            s.put("verbatim", section.verbatim());
            list.add(s);
        }
        root.put("sections", list);
        return root;
    }
}
