package dev.sagebox.objectstore;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** An object opened for reading. The channel stays valid even if the object is overwritten or deleted meanwhile. */
public record OpenObject(StoredObject object, FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
