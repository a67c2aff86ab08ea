package dev.sagebox.transform.run;

import dev.sagebox.transform.BatchSettings;
import dev.sagebox.transform.data.LineBatchReader;
import dev.sagebox.transform.data.RecordFilters;
import dev.sagebox.transform.data.RecordReader;
import java.io.BufferedInputStream;
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
    /** Payload limits up to this use {@link LineBatchReader}; larger ones (or none) go record by record. */
    private static final long MAX_FAST_BYTES = 256L * 1_048_576;
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

    /** Opens {@code output}'s input file for cutting; batches come from {@link FileBatches#next()}. */
    FileBatches open(ObjectOutput output) throws BatchFailure {
        try {
            return new FileBatches(output, open(output.input()));
        } catch (IOException e) {
            throw new BatchFailure("ClientError: Could not read " + output.input().uri() + ": " + e.getMessage());
        }
    }

    /** One input file being cut, batch by batch; a record that did not fit is held for the next batch. */
    final class FileBatches implements AutoCloseable {
        private final ObjectOutput output;
        private final InputStream in;
        private final RecordReader reader;
        private final LineBatchReader lines;
        private long number;
        private int seq;
        private RecordReader.Record held;
        private byte[] heldPayload;
        private long heldNumber;

        private FileBatches(ObjectOutput output, InputStream in) {
            this.output = output;
            this.in = in;
            boolean fast = "Line".equals(splitType) && settings.isMultiRecord() && !keepOriginals
                    && (filters == null || !filters.filtersInput()) && settings.maxPayloadBytes() <= MAX_FAST_BYTES;
            this.reader = fast ? null : new RecordReader(in, splitType);
            this.lines = fast ? new LineBatchReader(in, (int) settings.maxPayloadBytes()) : null;
        }

        ObjectOutput output() {
            return output;
        }

        /** How many batches were cut so far; all of them once {@link #next()} returned null. */
        int count() {
            return seq;
        }

        /**
         * The next batch: one record (SingleRecord), or as many whole records as fit in the payload limit
         * (MultiRecord). Null at the end of the file.
         */
        Batch next() throws BatchFailure {
            if (lines != null) {
                return nextLines();
            }
            long limit = settings.maxPayloadBytes();
            Pending pending = new Pending();
            try {
                while (true) {
                    RecordReader.Record r = held;
                    byte[] payload = heldPayload;
                    long at = heldNumber;
                    held = null;
                    if (r == null) {
                        r = reader.next();
                        if (r == null) {
                            break;
                        }
                        at = ++number;
                        payload = filter(r, at, output);
                        checkSize(r, payload, limit);
                    }
                    if (!pending.isEmpty() && (!settings.isMultiRecord() || pending.size + payload.length > limit)) {
                        held = r;
                        heldPayload = payload;
                        heldNumber = at;
                        break;
                    }
                    pending.add(r, at, payload, keepOriginals);
                    if (!settings.isMultiRecord()) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new BatchFailure("ClientError: Could not read " + output.input().uri() + ": " + e.getMessage());
            }
            return pending.isEmpty() ? null : pending.toBatch(output, seq++);
        }

        private Batch nextLines() throws BatchFailure {
            try {
                LineBatchReader.Chunk chunk = lines.next((int) settings.maxPayloadBytes());
                if (chunk == null) {
                    return null;
                }
                checkSize(new RecordReader.Record(chunk.bytes(), chunk.offset()), chunk.bytes(),
                        settings.maxPayloadBytes());
                Batch batch = new Batch(output, seq++, chunk.offset(), number + 1, chunk.lines(), chunk.bytes(),
                        List.of());
                number += chunk.lines();
                return batch;
            } catch (IOException e) {
                throw new BatchFailure("ClientError: Could not read " + output.input().uri() + ": " + e.getMessage());
            }
        }

        private void checkSize(RecordReader.Record r, byte[] payload, long limit) throws BatchFailure {
            if (payload.length > limit) {
                throw new BatchFailure("ClientError: The record at byte offset " + r.offset() + " of "
                        + output.input().uri() + (gzip ? " (decompressed)" : "") + " is " + payload.length
                        + " bytes, over MaxPayloadInMB (" + settings.maxPayloadInMB() + " MB).");
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // a read-only input; nothing to lose
            }
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

    /** The reader buffers on its own; only the decompressor wants buffered input under it. */
    private InputStream open(InputObject input) throws IOException {
        InputStream in = Files.newInputStream(input.file());
        return gzip ? new GZIPInputStream(new BufferedInputStream(in, 64 * 1024), 64 * 1024) : in;
    }

    /**
     * The batch being filled. Its records are joined once, into an array of the exact size; a batch of one record is
     * that record's own array (no copy at all, which is every SingleRecord batch).
     */
    private static final class Pending {
        private final List<byte[]> payloads = new ArrayList<>();
        private final List<byte[]> originals = new ArrayList<>();
        private long size;
        private long offset;
        private long first;

        boolean isEmpty() {
            return payloads.isEmpty();
        }

        void add(RecordReader.Record r, long number, byte[] payload, boolean keepOriginal) {
            if (payloads.isEmpty()) {
                offset = r.offset();
                first = number;
            }
            payloads.add(payload);
            size += payload.length;
            if (keepOriginal) {
                originals.add(r.bytes());
            }
        }

        Batch toBatch(ObjectOutput output, int seq) {
            byte[] joined = payloads.size() == 1 ? payloads.getFirst() : new byte[(int) size];
            if (payloads.size() > 1) {
                int at = 0;
                for (byte[] p : payloads) {
                    System.arraycopy(p, 0, joined, at, p.length);
                    at += p.length;
                }
            }
            return new Batch(output, seq, offset, first, payloads.size(), joined, originals);
        }
    }
}
