package dev.sagebox.transform.run;

import dev.sagebox.transform.BatchSettings;
import dev.sagebox.transform.data.RecordFilters;
import dev.sagebox.transform.data.RecordReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Cuts one input file into batches (CONTRACTS §8.1): decompress, split into records, apply {@code InputFilter}, then
 * one record per batch (SingleRecord) or as many whole records as fit in {@code MaxPayloadInMB × 1,048,576} bytes
 * (MultiRecord). Batches carry the exact record bytes, so binary payloads pass untouched.
 */
final class BatchCutter {
    /** Receives each batch in order; may block (the pipeline's window of batches in flight). */
    interface Sink {
        void accept(Batch batch) throws InterruptedException;
    }

    private final BatchSettings settings;
    private final String splitType;
    private final boolean gzip;
    private final RecordFilters filters;
    private final boolean keepOriginals;

    BatchCutter(BatchSettings settings, String splitType, boolean gzip, RecordFilters filters,
                boolean keepOriginals) {
        this.settings = settings;
        this.splitType = splitType;
        this.gzip = gzip;
        this.filters = filters;
        this.keepOriginals = keepOriginals;
    }

    /** Cuts {@code output}'s input file; returns the number of batches. */
    int cut(ObjectOutput output, Sink sink) throws BatchFailure, InterruptedException {
        InputObject input = output.input();
        long limit = settings.maxPayloadBytes();
        Pending pending = new Pending(output);
        try (InputStream in = open(input)) {
            RecordReader reader = new RecordReader(in, splitType);
            long number = 0;
            for (RecordReader.Record r = reader.next(); r != null; r = reader.next()) {
                number++;
                byte[] payload = filter(r, number, output);
                if (payload.length > limit) {
                    throw new BatchFailure("ClientError: The record at byte offset " + r.offset() + " of "
                            + input.uri() + (gzip ? " (decompressed)" : "") + " is " + payload.length
                            + " bytes, over MaxPayloadInMB (" + settings.maxPayloadInMB() + " MB).");
                }
                if (!settings.isMultiRecord() || pending.size() + payload.length > limit) {
                    pending.flush(sink);
                }
                pending.add(r, number, payload, keepOriginals);
                if (!settings.isMultiRecord()) {
                    pending.flush(sink);
                }
            }
            pending.flush(sink);
            return pending.seq;
        } catch (IOException e) {
            throw new BatchFailure("ClientError: Could not read " + input.uri() + ": " + e.getMessage());
        }
    }

    private byte[] filter(RecordReader.Record r, long number, ObjectOutput output) throws BatchFailure {
        if (filters == null || !filters.filtersInput()) {
            return r.bytes();
        }
        try {
            return filters.filterInput(r.bytes());
        } catch (IllegalArgumentException e) {
            throw new BatchFailure("ClientError: InputFilter failed on the record at byte offset " + r.offset()
                    + " of " + output.input().uri() + " (record " + number + "): " + e.getMessage());
        }
    }

    private InputStream open(InputObject input) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(input.file()), 64 * 1024);
        return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    /** The batch being filled. */
    private static final class Pending {
        private final ObjectOutput output;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private List<byte[]> originals = new ArrayList<>();
        private long offset;
        private long first;
        private int records;
        private int seq;

        Pending(ObjectOutput output) {
            this.output = output;
        }

        long size() {
            return bytes.size();
        }

        void add(RecordReader.Record r, long number, byte[] payload, boolean keepOriginal) {
            if (records == 0) {
                offset = r.offset();
                first = number;
            }
            bytes.writeBytes(payload);
            if (keepOriginal) {
                originals.add(r.bytes());
            }
            records++;
        }

        void flush(Sink sink) throws InterruptedException {
            if (records == 0) {
                return;
            }
            sink.accept(new Batch(output, seq++, offset, first, records, bytes.toByteArray(), originals));
            bytes.reset();
            originals = new ArrayList<>();
            records = 0;
        }
    }
}
