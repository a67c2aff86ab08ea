package dev.sagebox.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricScraperTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void accept_pythonNamedGroupWithUnderscore_isTranslatedAndLastValueWins() {
        Map<String, String> defs = new LinkedHashMap<>();
        defs.put("train:loss", "train_loss=(?P<train_loss>[0-9.e-]+)");
        defs.put("acc", "(?<=acc: )[0-9.]+");
        MetricScraper scraper = new MetricScraper(defs);
        scraper.accept("step 1 train_loss=0.5", T);
        scraper.accept("step 2 train_loss=1e-3", T.plusSeconds(1));
        scraper.accept("acc: 0.75 and more", T);
        scraper.accept("train_loss=nan-ish", T.plusSeconds(2));
        assertThat(scraper.finalValues()).containsExactly(
                new MetricScraper.Value("train:loss", 0.001, T.plusSeconds(1)),
                new MetricScraper.Value("acc", 0.75, T));
    }

    @Test
    void history_keepsEveryMatchedValueInArrivalOrder() {
        MetricScraper scraper = new MetricScraper(Map.of("loss", "loss=([0-9.]+)"));
        scraper.accept("loss=1.0", T);
        scraper.accept("no metric here", T);
        scraper.accept("loss=0.5", T.plusSeconds(1));
        assertThat(scraper.history()).containsExactly(new MetricScraper.Value("loss", 1.0, T),
                new MetricScraper.Value("loss", 0.5, T.plusSeconds(1)));
    }

    @Test
    void finalValues_nothingMatched_isEmpty() {
        MetricScraper scraper = new MetricScraper(Map.of("m", "loss=([0-9.]+)"));
        scraper.accept("no metrics here", T);
        assertThat(scraper.finalValues()).isEmpty();
    }

    @Test
    void accept_nonFiniteValue_isSkippedSinceJsonCannotCarryIt() {
        MetricScraper scraper = new MetricScraper(Map.of("loss", "loss=(\\S+)"));
        scraper.accept("loss=0.25", T);
        scraper.accept("loss=NaN", T.plusSeconds(1));
        scraper.accept("loss=Infinity", T.plusSeconds(2));
        assertThat(scraper.finalValues()).containsExactly(new MetricScraper.Value("loss", 0.25, T));
    }

    @Test
    void constructor_invalidRegex_namesTheMetric() {
        assertThatThrownBy(() -> new MetricScraper(Map.of("m", "(unclosed")))
                .hasMessageStartingWith("MetricDefinitions regex of m is not valid");
    }
}
