"""The JSON-RPC protocol, hardened: every request gets an answer, the process ends when it should.

pygls 2.1.1, measured with a hostile client, and what this class changes:

- a request whose params do not fit its method was dropped (the client waited
  forever) after two tracebacks: it is answered InvalidParams, logged in one line;
- requests after ``shutdown`` got no answer: they get InvalidRequest, as the spec asks;
- ``exit`` always ended with code 0: it is 1 without a ``shutdown`` first;
- the server outlived its client: it exits when the ``processId`` of initialize dies;
- every notification left a finished future behind (~2 KB per keystroke): they are dropped;
- documents split lines as ``str.splitlines`` does: ``LspWorkspace`` keeps LSP's lines;
- an answer from the client that did not fit left its caller waiting forever: the wait ends with an error;
- ``Content-Length: 99999999999999`` ended the server (MemoryError): ``BoundedInput`` bounds every read;
- stdin was read by a thread pool, three hand-offs per message (~0.1-0.2 ms of every round trip):
  ``start_io`` reads a pipe from the event loop (``BoundedPipeInput``, the same bounds);
- a request the server refuses (a rename it cannot do) is answered with its reason, without a traceback:
  ``Refusal`` and ``quiet_refusals``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import threading
import time
from collections.abc import Generator
from typing import Any, BinaryIO, NoReturn, cast

from cattrs import transform_error
from lsprotocol import types
from lsprotocol.types import ResponseErrorMessage
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage
from pygls.protocol.language_server import lsp_method

from .documents import LspWorkspace

log = logging.getLogger(__name__)

# What structure_message gives for a message it has already answered or dropped.
_HANDLED = object()
# How often the client's process is looked for (seconds).
CLIENT_CHECK_INTERVAL = 1.0


class Refusal(JsonRpcException):
    """A request the server understood and declines, with the reason for the user (LSP's RequestFailed).

    Raised by a handler; pygls answers it as an error. It is no fault of the
    server: ``quiet_refusals`` keeps it out of the error log.
    """

    CODE = types.LSPErrorCodes.RequestFailed


class _NoRefusalTracebacks(logging.Filter):
    """Drops pygls's traceback of a handler that raised a ``Refusal`` (the answer carries the reason)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, Refusal)


def quiet_refusals() -> None:
    """Log refusals as answers, not as failures: pygls logs every JsonRpcException of a handler with its traceback."""
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_NoRefusalTracebacks())


class JsonAnswer:
    """A handler's result already in its JSON form (dicts, lists, strings, numbers), sent as it is.

    pygls turns lsprotocol objects into JSON with cattrs, one call per field of every object: for a
    completion list of models that was a fifth of the round trip (0.98 -> 0.79 ms median when built as JSON).
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class HardenedProtocol(LanguageServerProtocol):
    # -- answers ---------------------------------------------------------------

    def _serialize_message(self, data: Any) -> Any:
        result = getattr(data, "result", None)
        if isinstance(result, JsonAnswer):  # a response whose result needs no conversion
            return {"jsonrpc": data.jsonrpc, "id": data.id, "result": result.value}
        return super()._serialize_message(data)

    def _answer_error(self, msg_id: Any, code: int, message: str) -> None:
        self._send_response(msg_id, error=types.ResponseError(code=code, message=message))

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Typed messages; one that does not fit its type is answered (a request) or dropped, in one log line."""
        if "jsonrpc" not in data:
            return data  # an object inside a message: structured with the message
        method = data.get("method")
        try:
            return self._converter.structure(data, self._type_of(data))
        except Exception as error:
            reason = _reason(error)
            log.warning("invalid %s: %s", f"params for {method}" if isinstance(method, str) else "message", reason)
            msg_id = data.get("id")
            if not isinstance(msg_id, (str, int)):
                pass  # a notification, or an id no answer could carry
            elif isinstance(method, str):
                known = self.get_message_type(method) is not None
                code = types.ErrorCodes.InvalidParams if known else types.ErrorCodes.InvalidRequest
                self._answer_error(msg_id, code, f"Invalid params for {method}: {reason}")
            elif method is None:  # an answer to our request: whoever waits must not wait forever
                waiting = self._request_futures.pop(msg_id, None)
                if waiting is not None and not waiting.done():
                    waiting.set_exception(JsonRpcInvalidParams(f"the client's answer does not fit: {reason}"))
            return _HANDLED

    def _type_of(self, data: dict[str, Any]) -> type:
        """The type a message is read as (pygls's choice, made here so a misfit is handled in one place)."""
        method = data.get("method")
        if method is None and "id" in data:  # a response
            if "error" in data:
                return ResponseErrorMessage
            return self._result_types.pop(data["id"], None) or JsonRPCResponseMessage
        if not isinstance(method, str):
            raise TypeError("a message needs a method or an id")
        if "id" in data:
            return self.get_message_type(method) or JsonRPCRequestMessage
        return self.get_message_type(method) or JsonRPCNotification

    def handle_message(self, message: Any) -> None:
        self._forget_finished()
        if message is _HANDLED:
            return
        method = getattr(message, "method", None)
        if not hasattr(message, "jsonrpc"):  # a batch, a bare value, an object without "jsonrpc"
            log.warning("ignored a message that is not JSON-RPC 2.0: %.100r", message)
            if isinstance(message, dict) and "id" in message and "method" in message:
                self._answer_error(message["id"], types.ErrorCodes.InvalidRequest, "Not a JSON-RPC 2.0 message")
            return
        if self._shutdown and method != types.EXIT:
            if hasattr(message, "id") and method is not None:
                self._answer_error(message.id, types.ErrorCodes.InvalidRequest, f"{method}: the server is shut down")
            else:
                log.info("ignored %s after shutdown", method or "a response")
            return
        super().handle_message(message)

    # -- bookkeeping -----------------------------------------------------------

    def _forget_finished(self) -> None:
        """Drop the futures of finished handlers: pygls kept those of notifications forever.

        Done here, between messages, not in a done-callback: ``shutdown`` cancels
        the pending ones while iterating over them.
        """
        finished = [msg_id for msg_id, future in self._request_futures.items() if future.done()]
        for msg_id in finished:
            del self._request_futures[msg_id]

    # -- life cycle ------------------------------------------------------------

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        result = yield from super().lsp_initialize(params)
        if not self.workspace.text_documents:  # a second initialize must not drop open documents
            self._workspace = LspWorkspace.like(self.workspace)
        if isinstance(params.process_id, int) and params.process_id > 0:
            watch_client(params.process_id)
        return result

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> NoReturn:
        """End the process now: 0 after shutdown, 1 without (pygls's code was lost on the way out)."""
        code = 0 if self._shutdown else 1
        log.info("exit requested; exit code %d", code)
        _end_process(code)


class BoundedInput:
    """The server's stdin with bounded reads, for pygls's message loop (``start_io(stdin=...)``).

    pygls read a header line and a body of whatever size the client announced:
    ``Content-Length: 99999999999999`` ended the server with a MemoryError.
    Here a header line is cut at ``MAX_HEADER_LINE`` bytes, and a body larger
    than ``MAX_BODY`` is read in chunks and dropped, so the framing stays in step.
    """

    MAX_HEADER_LINE = 8192
    MAX_BODY = 64 * 1024 * 1024  # a 4M-character document, escaped as JSON, fits
    CHUNK = 1024 * 1024

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readline(self) -> bytes:
        return self._stream.readline(self.MAX_HEADER_LINE)

    def read(self, size: int) -> bytes:
        if size <= self.MAX_BODY:
            return self._stream.read(size)
        log.warning("dropped a message of %d bytes (the limit is %d)", size, self.MAX_BODY)
        left = size
        while left > 0:
            chunk = self._stream.read(min(left, self.CHUNK))
            if not chunk:
                return b""  # the input ended
            left -= len(chunk)
        return b"null"  # read as no message at all


class BoundedPipeInput:
    """``BoundedInput`` for a pipe the event loop reads (pygls's ``run_async`` calls readline and readexactly).

    The same bounds: a header line is cut at ``MAX_HEADER_LINE`` bytes and a body
    larger than ``MAX_BODY`` is dropped in chunks. Where the input ends, a read
    gives what came (a header line) or nothing (a body), so the loop ends.
    """

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream

    @staticmethod
    def stream() -> asyncio.StreamReader:
        """A stream whose lines are at most ``MAX_HEADER_LINE`` bytes (longer ones are left for ``readline``)."""
        return asyncio.StreamReader(limit=BoundedInput.MAX_HEADER_LINE - 1)  # the limit counts without the newline

    async def readline(self) -> bytes:
        # Buffered input is read without waiting: give the tasks the last message started (an async
        # handler, an answer awaited) their turn first, as pygls's reader threads did.
        await asyncio.sleep(0)
        try:
            return await self._stream.readuntil(b"\n")
        except asyncio.IncompleteReadError as ended:
            return ended.partial
        except asyncio.LimitOverrunError:  # a longer line stays buffered: give it in pieces, as BoundedInput does
            return await self._stream.readexactly(BoundedInput.MAX_HEADER_LINE)

    async def readexactly(self, size: int) -> bytes:
        if size > BoundedInput.MAX_BODY:
            return await self._drop(size)
        try:
            return await self._stream.readexactly(size)
        except asyncio.IncompleteReadError:
            return b""  # a message cut short by the end of input: nothing to handle

    async def _drop(self, size: int) -> bytes:
        log.warning("dropped a message of %d bytes (the limit is %d)", size, BoundedInput.MAX_BODY)
        left = size
        while left > 0:
            chunk = await self._stream.read(min(left, BoundedInput.CHUNK))
            if not chunk:
                return b""  # the input ended
            left -= len(chunk)
        return b"null"  # read as no message at all


def start_io(server: LanguageServer) -> None:
    """Serve over stdin and stdout until the input ends: pygls's ``start_io``, reading a pipe from the event loop.

    Where the loop cannot read stdin (Windows, a regular file, a terminal) it is pygls's own,
    with reader threads; both read through the bounds of ``BoundedInput``.
    """
    stdin = sys.stdin.buffer
    if not _loop_can_read(stdin):
        server.start_io(stdin=cast(BinaryIO, BoundedInput(stdin)))  # pygls only calls read and readline
        return
    # What pygls's start_io does around its loop: the stop event shutdown() sets, the writer, the way out.
    server._stop_event = stop = threading.Event()
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(_serve_pipe(server, stdin, stop))
    except BrokenPipeError:
        log.error("Connection to the client is lost! Shutting down the server.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated


async def _serve_pipe(server: LanguageServer, stdin: BinaryIO, stop: threading.Event) -> None:
    stream = BoundedPipeInput.stream()
    loop = asyncio.get_running_loop()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream), stdin)
    try:
        await run_async(
            stop_event=stop,
            reader=BoundedPipeInput(stream),
            protocol=server.protocol,
            logger=logging.getLogger("pygls.server"),  # pygls's start_io logs there
            error_handler=server.report_server_error,
        )
    finally:
        transport.close()


def _loop_can_read(stdin: BinaryIO) -> bool:
    """Whether the event loop may read ``stdin``: a pipe or a socket of its own.

    The loop makes the file non-blocking, for every process that shares it: not
    a terminal (the shell's), nor a socket that is stdout as well (writes would fail).
    A regular file cannot be waited on at all.
    """
    if sys.platform == "win32":  # its event loops read only overlapped pipes, which stdin is not
        return False
    try:
        read = os.fstat(stdin.fileno())
        written = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):  # closed, or not a file at all
        return False
    if not (stat.S_ISFIFO(read.st_mode) or stat.S_ISSOCK(read.st_mode)):
        return False
    return (read.st_dev, read.st_ino) != (written.st_dev, written.st_ino)


def watch_client(pid: int) -> threading.Thread:
    """End the server once the client's process is gone (an editor that crashed sends no `exit`)."""

    def watch() -> None:
        while _process_alive(pid):
            time.sleep(CLIENT_CHECK_INTERVAL)
        log.warning("the client (process %d) is gone; exiting", pid)
        _end_process(1)

    thread = threading.Thread(target=watch, name=f"watch-client-{pid}", daemon=True)
    thread.start()
    return thread


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _end_process(code: int) -> NoReturn:
    """Exit at once: a thread blocked reading stdin would keep a polite exit waiting forever."""
    logging.shutdown()
    sys.stdout.flush()
    os._exit(code)


def _reason(error: Exception) -> str:
    """One line that says what did not fit."""
    try:
        details = transform_error(error)
    except Exception:
        details = [str(error)]
    text = "; ".join(details) or type(error).__name__
    return text if len(text) <= 300 else text[:300] + "…"
