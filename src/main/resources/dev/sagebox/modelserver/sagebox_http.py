"""A minimal HTTP/1.1 server connection for sagebox_serve: keep-alive, Content-Length or chunked request bodies,
Expect: 100-continue, and each response written whole in one call. Standard library only, Python 3.8+.

http.server is not used: its header parsing goes through the email package, which costs more per request than the
whole invoke path may add, and it writes status line, headers and body in separate calls.
"""
import socket
import socketserver
import time
import traceback

MAX_LINE = 65536
MAX_HEADERS = 200
# Most bytes of an oversized body read and dropped before the 413, so the client sees the answer, not a reset.
MAX_DISCARD = 256 * 1024 * 1024
REASONS = {100: "Continue", 200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed", 408: "Request Timeout", 411: "Length Required", 413: "Payload Too Large",
           415: "Unsupported Media Type", 424: "Failed Dependency", 500: "Internal Server Error",
           501: "Not Implemented", 503: "Service Unavailable", 507: "Insufficient Storage"}
TEXT = "text/plain; charset=utf-8"


class Response(object):
    """What a route answers: status, body bytes, Content-Type and any extra headers."""
    __slots__ = ("status", "content_type", "body", "headers")

    def __init__(self, status, body=b"", content_type=TEXT, headers=None):
        self.status, self.body, self.content_type, self.headers = status, body, content_type, headers


class HttpConnection(socketserver.StreamRequestHandler):
    """A minimal HTTP/1.1 server connection: keep-alive, Content-Length or chunked bodies, Expect: 100-continue.
    The whole response goes out in one write with TCP_NODELAY, so keep-alive clients never wait on Nagle."""
    rbufsize = 65536
    wbufsize = 0

    def setup(self):
        socketserver.StreamRequestHandler.setup(self)
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def handle(self):
        try:
            while self._handle_one():
                pass
        except (ConnectionError, socket.timeout, OSError):
            pass

    def _handle_one(self):
        line = self.rfile.readline(MAX_LINE + 1)
        while line in (b"\r\n", b"\n"):
            line = self.rfile.readline(MAX_LINE + 1)
        if not line:
            return False
        started = time.perf_counter()
        parts = line.split()
        if len(parts) != 3 or len(line) > MAX_LINE or not parts[2].startswith(b"HTTP/1."):
            return self._reply(Response(400, b"malformed request line\n"), False, b"?", b"?", started)
        method, target, version = parts
        headers = self._read_headers()
        if headers is None:
            return self._reply(Response(400, b"malformed headers\n"), False, method, target, started)
        connection = headers.get("connection", "").lower()
        keep_alive = connection != "close" if version == b"HTTP/1.1" else connection == "keep-alive"
        server = self.server
        body, problem = self._read_body(headers, version, server.settings.max_payload)
        if problem is not None:
            return self._reply(problem, False, method, target, started)
        path = target.split(b"?", 1)[0]
        with server.active_lock:
            server.active += 1
        try:
            try:
                response = server.route(method, path, headers, body)
            except Exception:  # noqa: a bug of ours must not kill the connection thread silently
                server.log.error("Unhandled error serving %s %s\n%s", method.decode("latin-1"),
                                 path.decode("latin-1"), traceback.format_exc())
                response = Response(500, b"internal error in sagebox-serve\n")
            return self._reply(response, keep_alive and not server.stopping, method, path, started)
        finally:
            with server.active_lock:
                server.active -= 1

    def _read_headers(self):
        headers = {}
        for _ in range(MAX_HEADERS):
            line = self.rfile.readline(MAX_LINE + 1)
            if line in (b"\r\n", b"\n", b""):
                return headers
            name, colon, value = line.partition(b":")
            if not colon:
                return None
            key = name.strip().lower().decode("latin-1")
            value = value.strip().decode("latin-1")
            headers[key] = headers[key] + ", " + value if key in headers else value
        return None

    def _read_body(self, headers, version, limit):
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length = headers.get("content-length")
        if length is not None and not chunked:
            try:
                size = int(length)
            except ValueError:
                return None, Response(400, b"bad Content-Length\n")
            if size < 0:
                return None, Response(400, b"bad Content-Length\n")
            if limit is not None and size > limit:
                if headers.get("expect", "").lower() != "100-continue":
                    # The client is already sending: read the body to its end (within reason), or closing on
                    # unread bytes resets the connection and the client sees that instead of the 413.
                    self._discard(min(size, MAX_DISCARD))
                return None, _too_large(limit)
        if headers.get("expect", "").lower() == "100-continue" and version == b"HTTP/1.1":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if chunked:
            return self._read_chunked(limit)
        if length is None:
            return b"", None
        body = self.rfile.read(size) if size else b""
        if len(body) != size:
            raise ConnectionError("client closed the connection mid-body")
        return body, None

    def _discard(self, size):
        while size > 0:
            chunk = self.rfile.read(min(size, 1 << 20))
            if not chunk:
                return
            size -= len(chunk)

    def _read_chunked(self, limit):
        parts, total = [], 0
        while True:
            size_line = self.rfile.readline(MAX_LINE + 1)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                return None, Response(400, b"bad chunk size\n")
            if size == 0:
                while self.rfile.readline(MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts), None
            total += size
            if limit is not None and total > limit:
                return None, _too_large(limit)
            parts.append(self.rfile.read(size))
            self.rfile.readline(MAX_LINE + 1)

    def _reply(self, response, keep_alive, method, path, started):
        body = response.body
        head = ["HTTP/1.1 %d %s\r\nContent-Length: %d\r\n" % (response.status, REASONS.get(response.status, "Status"),
                                                            len(body))]
        if response.content_type:
            head.append("Content-Type: %s\r\n" % response.content_type)
        if response.headers:
            for name, value in response.headers.items():
                head.append("%s: %s\r\n" % (name, _header_value(value)))
        if not keep_alive:
            head.append("Connection: close\r\n")
        head.append("\r\n")
        data = "".join(head).encode("latin-1", "replace") + body
        # Logged before the write, so the line is in the log by the time the client has its answer.
        if path != b"/ping" or response.status != 200:
            self.server.log.info('"%s %s" %d %d %.2fms', method.decode("latin-1"), path.decode("latin-1"),
                                 response.status, len(body), (time.perf_counter() - started) * 1000.0)
        self.wfile.write(data)
        return keep_alive


def _header_value(value):
    return str(value).replace("\r", " ").replace("\n", " ")


def _too_large(limit):
    return Response(413, ("request body larger than SAGEMAKER_MAX_PAYLOAD_IN_MB (%d bytes)\n" % limit).encode())


