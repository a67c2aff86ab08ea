package dev.sagebox.auth;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body was read to hash it for the signature check, handed on with the same bytes, so codecs read
 * it through {@code Content.Source} as if nothing had happened.
 */
final class ReplayedRequest extends Request.Wrapper {
    private final Content.Source body;
    private final long length;

    ReplayedRequest(Request request, byte[] bytes) {
        super(request);
        this.body = Content.Source.from(ByteBuffer.wrap(bytes));
        this.length = bytes.length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public Content.Chunk read() {
        return body.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        body.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        body.fail(failure);
    }

    @Override
    public boolean rewind() {
        return body.rewind();
    }
}
