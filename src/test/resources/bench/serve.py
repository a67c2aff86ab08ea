#!/usr/bin/env python3
# The benchmarks' serving program, run as a BYO "serve" by the process runtime: an asyncio HTTP/1.1 server on
# SAGEMAKER_BIND_TO_PORT that answers every POST at once. BENCH_ANSWER=echo (the default) returns the body as JSON;
# BENCH_ANSWER=ones returns "1\n" per line of the body as CSV (a transform model). With PORT_FILE set, it writes
# "<port> <pid>" there once it listens.
import asyncio, os

ONES = os.environ.get("BENCH_ANSWER", "echo") == "ones"

async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length) if length else b""
            if ONES:
                out, kind = b"1\n" * body.count(b"\n"), b"text/csv"
            else:
                out, kind = body, b"application/json"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s"
                         % (kind, len(out), out))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()

async def main():
    port = int(os.environ["SAGEMAKER_BIND_TO_PORT"])
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    if os.environ.get("PORT_FILE"):
        with open(os.environ["PORT_FILE"], "w") as f:
            f.write("%d %d" % (port, os.getpid()))
    await server.serve_forever()

asyncio.run(main())
