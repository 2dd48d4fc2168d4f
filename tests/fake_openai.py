"""A small OpenAI-compatible server for recording cassettes on 127.0.0.1 (no real endpoint).

It answers /v1/models and /v1/chat/completions with realistic shapes: streamed chunks
(server-sent events) with a final usage chunk that reports cached prompt tokens, plain
completions, structured (json_schema) replies for the judge, and a 429 for the first request
to the model ``fake-flaky``. Its customer lines follow the stage directions so a recorded
call reads like one. Tests replay the recorded cassettes; this server only runs to record.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODELS = ("fake-customer", "fake-flaky", "fake-judge")


def customer_line(prompt: str) -> str:
    """A short in-character line from the stage directions in the last user message."""
    todo = prompt.split("Do this, in order, in one reply:", 1)[-1]
    fact = re.search(r"telling this, in your own words: (.+?)(?: Then:|$)", todo, re.S)
    if fact:
        return "Fine. " + fact.group(1).strip()
    wanted = re.search(
        r"what you want from this call, in your own words: (.+?)(?: Then:|$)", todo, re.S
    )
    if wanted:
        return "What I want is this. " + wanted.group(1).strip()
    reason = re.search(r"in your own words: (.+?)(?: Then:|$)", todo, re.S)
    if "Open the call" in todo and reason:
        return "Hello? " + reason.group(1).strip()
    if "odd remark" in todo:
        return "Sorry, what? I'm calling about my appointment, not whatever that was."
    if "Accept the agent's plan" in todo:
        return "Okay. That works for me, thank you."
    if "Ask when" in todo:
        return "So when, exactly, is someone coming?"
    return "Okay. Go on."


def judge_reply(schema: dict[str, Any], prompt: str) -> dict[str, Any]:
    """A judgement for every step in the schema, quoting the first agent line it can find."""
    quotes = re.findall(r"^(\d+)\. Agent: (.+)$", prompt, re.M)
    turn, quote = (int(quotes[0][0]), quotes[0][1].split(".")[0]) if quotes else (1, "")
    steps_schema = schema.get("properties", {}).get("steps", {})
    if "$ref" in steps_schema:
        steps_schema = schema.get("$defs", {})[steps_schema["$ref"].rsplit("/", 1)[-1]]
    corrected = "# Correction" in prompt
    out = {}
    for step in steps_schema.get("properties", {}):
        said = quote
        if step == "stay_calm" and not corrected:
            said = "I really do understand how you feel"  # a paraphrase: must be rejected
        out[step] = {
            "rationale": f"The agent's line at turn {turn} is the clearest evidence for {step}.",
            "level": 2,
            "quotes": [{"turn": turn, "quote": said}] if said else [],
        }
    return {"steps": out}


class Handler(BaseHTTPRequestHandler):
    """Routes the few endpoints the tests use."""

    server_version = "fake-openai/1.0"
    flaky_seen = 0

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _json(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        """GET /v1/models, /v1/batches/{id}, /v1/files/{id}/content."""
        batch = re.search(r"/batches/([\w-]+)$", self.path)
        content = re.search(r"/files/([\w-]+)/content$", self.path)
        if batch:
            self._json(200, BATCHES[batch.group(1)])
            return
        if content:
            data = FILES[content.group(1)]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if self.path.rstrip("/").endswith("/models"):
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "defuse"} for m in MODELS
            ]
            self._json(200, {"object": "list", "data": data})
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        """POST /v1/chat/completions."""
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.path.rstrip("/").endswith("/files"):
            self._upload(raw)
            return
        if self.path.rstrip("/").endswith("/batches"):
            self._batch(json.loads(raw))
            return
        request = json.loads(raw or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found"}})
            return
        model = request.get("model", "")
        if model == "fake-flaky" and Handler.flaky_seen == 0:
            Handler.flaky_seen += 1
            self._json(
                429,
                {
                    "error": {
                        "message": "Rate limit reached",
                        "type": "rate_limit_error",
                        "code": "rate_limit_exceeded",
                    }
                },
                {"Retry-After": "0"},
            )
            return
        messages = request.get("messages", [])
        last = messages[-1]["content"] if messages else ""
        prompt_tokens = sum(len(str(m.get("content", ""))) // 4 for m in messages)
        cached = (len(str(messages[0].get("content", ""))) // 4) // 128 * 128 if messages else 0
        fmt = request.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            content = json.dumps(judge_reply(fmt["json_schema"]["schema"], last))
        else:
            content = customer_line(last)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": max(1, len(content) // 4),
            "total_tokens": prompt_tokens + max(1, len(content) // 4),
            "prompt_tokens_details": {"cached_tokens": cached},
        }
        created = int(time.time())
        if not request.get("stream"):
            self._json(
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": usage,
                },
            )
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()

        def send(
            delta: dict[str, Any], finish: str | None = None, extra: dict[str, Any] | None = None
        ) -> None:
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
                if delta is not None
                else [],
                **(extra or {}),
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())

        send({"role": "assistant", "content": ""})
        for piece in re.findall(r"\S+\s*", content):
            send({"content": piece})
        send({}, "stop")
        if (request.get("stream_options") or {}).get("include_usage"):
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": usage,
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


FILES: dict[str, bytes] = {}
BATCHES: dict[str, dict[str, Any]] = {}


def _complete(body: dict[str, Any]) -> dict[str, Any]:
    """A non-streamed completion for one batch request body."""
    last = body["messages"][-1]["content"]
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        content = json.dumps(judge_reply(fmt["json_schema"]["schema"], last))
    else:
        content = customer_line(last)
    prompt = sum(len(m["content"]) // 4 for m in body["messages"])
    return {
        "id": "chatcmpl-batch",
        "object": "chat.completion",
        "model": body.get("model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt + len(content) // 4,
        },
    }


def _upload_impl(handler: Handler, raw: bytes) -> None:
    boundary = handler.headers.get("Content-Type", "").split("boundary=")[-1].encode()
    data = b""
    for part in raw.split(b"--" + boundary):
        if b'name="file"' in part:
            data = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0]
    file_id = f"file-{len(FILES) + 1}"
    FILES[file_id] = data
    handler._json(
        200,
        {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": 0,
            "filename": "defuse-judge.jsonl",
            "purpose": "batch",
            "status": "processed",
        },
    )


def _batch_impl(handler: Handler, request: dict[str, Any]) -> None:
    lines = [
        json.loads(line)
        for line in FILES[request["input_file_id"]].decode().splitlines()
        if line.strip()
    ]
    output = (
        "\n".join(
            json.dumps(
                {
                    "id": f"req-{i}",
                    "custom_id": item["custom_id"],
                    "response": {"status_code": 200, "body": _complete(item["body"])},
                    "error": None,
                }
            )
            for i, item in enumerate(lines)
        )
        + "\n"
    )
    output_id = f"file-{len(FILES) + 1}"
    FILES[output_id] = output.encode()
    batch_id = f"batch_{len(BATCHES) + 1}"
    record = {
        "id": batch_id,
        "object": "batch",
        "endpoint": request["endpoint"],
        "errors": None,
        "input_file_id": request["input_file_id"],
        "completion_window": request["completion_window"],
        "status": "completed",
        "output_file_id": output_id,
        "error_file_id": None,
        "created_at": 0,
        "request_counts": {"total": len(lines), "completed": len(lines), "failed": 0},
    }
    BATCHES[batch_id] = record
    handler._json(200, {**record, "status": "validating", "output_file_id": None})


Handler._upload = _upload_impl  # type: ignore[attr-defined]
Handler._batch = _batch_impl  # type: ignore[attr-defined]


def serve(port: int) -> ThreadingHTTPServer:
    """Start the server on 127.0.0.1:port in a background thread."""
    Handler.flaky_seen = 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
