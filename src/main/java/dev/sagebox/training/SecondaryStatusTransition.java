package dev.sagebox.training;

import java.time.Instant;

/** One entry of {@code SecondaryStatusTransitions}; the SageMaker Python SDK prints the last one's message. */
public record SecondaryStatusTransition(String status, Instant startTime, Instant endTime, String statusMessage) {
}
