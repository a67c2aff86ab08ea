package dev.sagebox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.aws.Region;
import dev.sagebox.logs.api.GetLogEventsRequest;
import dev.sagebox.logs.api.GetLogEventsResponse;
import dev.sagebox.logs.api.GetLogEventsResponse.OutputLogEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
    private static final String GROUP = "/aws/sagemaker/TrainingJobs";

    @TempDir
    Path dir;
    private LogsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogsFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private List<OutputLogEvent> events(String stream) {
        List<OutputLogEvent> all = new ArrayList<>();
        String token = null;
        while (true) {
            GetLogEventsResponse page = fixture.call("GetLogEvents", new GetLogEventsRequest(GROUP, null, stream,
                    null, null, token, null, true, null));
            if (page.events().isEmpty()) {
                return all;
            }
            all.addAll(page.events());
            token = page.nextForwardToken();
        }
    }

    @Test
    void append_storesOneEventPerLine_withoutLineEnds_inArrivalOrder() {
        try (LogWriter writer = fixture.logs.shipper().openStream(Region.DEFAULT, GROUP, "job/algo-1-1")) {
            writer.append("first\n");
            writer.append("second\r\n");
            writer.append("");
            writer.append("no newline");
        }
        List<OutputLogEvent> events = events("job/algo-1-1");
        assertThat(events).extracting(OutputLogEvent::message).containsExactly("first", "second", "", "no newline");
        assertThat(events).allSatisfy(e -> assertThat(e.ingestionTime()).isGreaterThanOrEqualTo(e.timestamp()));
    }

    @Test
    void append_becomesVisibleWithoutFlushOrClose() throws InterruptedException {
        LogWriter writer = fixture.logs.shipper().openStream(Region.DEFAULT, GROUP, "job/algo-1-2");
        writer.append("soon visible");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events("job/algo-1-2").isEmpty()) {
            assertThat(System.nanoTime()).as("line stored within 5 s").isLessThan(deadline);
            Thread.sleep(10);  // poll interval, not a wait for an event
        }
        assertThat(events("job/algo-1-2")).extracting(OutputLogEvent::message).containsExactly("soon visible");
        writer.close();
    }

    @Test
    void manyVirtualThreads_eachKeepTheirOrder_andNothingIsLost() throws Exception {
        int streams = 8;
        int lines = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            String name = "job/algo-" + s;
            threads.add(Thread.ofVirtual().start(() -> {
                try (LogWriter writer = fixture.logs.shipper().openStream(Region.DEFAULT, GROUP, name)) {
                    for (int i = 0; i < lines; i++) {
                        writer.append("line " + i + "\n");
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(1));
        }
        for (int s = 0; s < streams; s++) {
            assertThat(events("job/algo-" + s)).extracting(OutputLogEvent::message)
                    .containsExactlyElementsOf(IntStream.range(0, lines).mapToObj(i -> "line " + i).toList());
        }
    }

    @Test
    void copyLines_appendsAndObservesEveryLine() throws Exception {
        List<String> observed = new ArrayList<>();
        byte[] output = "loss=0.5\nloss=0.25\r\nlast".getBytes(StandardCharsets.UTF_8);
        try (LogWriter writer = fixture.logs.shipper().openStream(Region.DEFAULT, GROUP, "job/algo-9")) {
            assertThat(writer.copyLines(new ByteArrayInputStream(output), observed::add)).isEqualTo(3);
        }
        assertThat(observed).containsExactly("loss=0.5", "loss=0.25", "last");
        assertThat(events("job/algo-9")).extracting(OutputLogEvent::message).containsExactlyElementsOf(observed);
    }

    @Test
    void closedShipper_storesBufferedLines_andRefusesMore() {
        LogWriter writer = fixture.logs.shipper().openStream(Region.DEFAULT, GROUP, "job/algo-3");
        writer.append("buffered");
        fixture.logs.shipper().close();
        assertThat(events("job/algo-3")).extracting(OutputLogEvent::message).containsExactly("buffered");
        assertThatThrownBy(() -> writer.append("late")).isInstanceOf(IllegalStateException.class);
    }
}
