package dev.sagebox.transform.run;

import java.util.List;

/**
 * One request's worth of records from one input file.
 *
 * @param seq         its place among the file's batches, which is where its answer goes in the output
 * @param offset      the byte offset of its first record in the (decompressed) file
 * @param firstRecord the 1-based number of its first record in the file
 * @param originals   the records before {@code InputFilter}, when a join needs them; else empty
 */
record Batch(ObjectOutput output, int seq, long offset, long firstRecord, int records, byte[] payload,
             List<byte[]> originals) {
    static final Batch END = new Batch(null, -1, 0, 0, 0, new byte[0], List.of());

    /** Where the batch is, for messages: a single record's offset, or a range of records. */
    String where(boolean decompressed) {
        String of = " of " + output.input().uri() + (decompressed ? " (decompressed)" : "");
        if (records == 1) {
            return "the record at byte offset " + offset + of + " (record " + firstRecord + ")";
        }
        return "the batch of records " + firstRecord + "-" + (firstRecord + records - 1) + " starting at byte offset "
                + offset + of;
    }
}
