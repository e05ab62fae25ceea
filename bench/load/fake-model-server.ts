// An instant Anthropic Messages API on loopback (ANTHROPIC_BASE_URL for a Maestro child process): every request
// gets a one-sentence reply at once, as JSON or as the event stream the SDK reads when it streams.
import http from "node:http";
import type { AddressInfo } from "node:net";

const TEXT = "Hello from the bench: nothing to report.";
const usage = { input_tokens: 200, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function message(model: string, id: string) {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: TEXT }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage,
  };
}

function events(model: string, id: string): string {
  const e = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return (
    e("message_start", {
      type: "message_start",
      message: { ...message(model, id), content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    }) +
    e("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }) +
    e("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: TEXT } }) +
    e("content_block_stop", { type: "content_block_stop", index: 0 }) +
    e("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }) +
    e("message_stop", { type: "message_stop" })
  );
}

export async function serveFakeModel(): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      count += 1;
      const body = (raw ? JSON.parse(raw) : {}) as { model?: string; stream?: boolean };
      const id = `msg_bench_${count}`;
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" }).end(events(body.model ?? "bench", id));
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(message(body.model ?? "bench", id)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
