package dev.sagebox.bench;

/** One way of moving objects to and from the server, timed by the benchmark. */
interface Transfer extends AutoCloseable {
    /** How the results table names this client. */
    String name();

    void put(String bucket, String key, byte[] data) throws Exception;

    /** Reads the whole object and returns how many bytes arrived. */
    long get(String bucket, String key) throws Exception;

    /** Reads the whole object into memory, outside any timing, to check the round trip. */
    byte[] getBytes(String bucket, String key) throws Exception;

    @Override
    void close();
}
