"""A scripted OpenAI-compatible chat API on 127.0.0.1: each test chooses the reply it gets.

Real HTTP, so the real `ChatOpenAI` client, its timeouts and its error mapping are exercised. Requests are
recorded so that tests can check the prompt and count how often the model was asked.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

# A hanging reply never outlives the test by more than this.
MAX_HANG_SECONDS = 5.0


@dataclass
class Scripted:
    """What the stand-in answers to the next chat completion requests."""

    content: str = ""
    status: int = 200
    finish_reason: str = "stop"
    hang: bool = False
    raw_body: str | None = None
    # Seconds the model "thinks" before it answers (a slow generation); cut short when the stand-in stops.
    delay: float = 0.0
    # Seconds between the bytes of the body (a server dripping its reply); stops when the stand-in does.
    trickle: float = 0.0


class OpenAIStandIn:
    def __init__(self) -> None:
        self.reply = Scripted()
        self.requests: list[dict[str, Any]] = []
        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> OpenAIStandIn:
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def completion(self) -> dict[str, Any]:
        return {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "standin",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.reply.content},
                    "finish_reason": self.reply.finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test output is for the tests."""

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                standin.requests.append(json.loads(self.rfile.read(length)))
                reply = standin.reply
                if reply.hang:
                    standin.released.wait(MAX_HANG_SECONDS)
                    return
                if reply.delay:
                    standin.released.wait(reply.delay)
                if reply.raw_body is not None:
                    body = reply.raw_body
                elif reply.status != 200:
                    body = json.dumps({"error": {"message": f"scripted {reply.status}", "type": "standin"}})
                else:
                    body = json.dumps(standin.completion())
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                if reply.trickle:
                    self.drip(body.encode(), reply.trickle)
                else:
                    self.wfile.write(body.encode())

            def drip(self, body: bytes, pause: float) -> None:
                for byte in body:
                    if standin.released.wait(pause):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

        return Handler
