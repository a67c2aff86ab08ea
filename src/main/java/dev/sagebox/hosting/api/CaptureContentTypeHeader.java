package dev.sagebox.hosting.api;

import java.util.List;

/** The content types DataCapture records as text (CSV or JSON); any other body is recorded in base64, as AWS does. */
public record CaptureContentTypeHeader(List<String> csvContentTypes, List<String> jsonContentTypes) {
}
