// A scripted Anthropic Messages API over real HTTP on loopback, for the real SDK client: each request is served by the
// next act — a message (streamed as the SDK expects, or JSON), an error status, or a fault: a hang before the headers,
// a stream that stops after some text, pings only, a body cut off mid-JSON. Records every request body it was sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelResponse } from "../agent/model-client.ts";

export type WireAct =
  | { message: ModelResponse /** Pings every `pingMs` for `pingsFor` ms before the message. */; pingMs?: number; pingsFor?: number }
  | { status: number; error: { type: string; message: string }; headers?: Record<string, string> }
  /** Never sends headers (the connection stays open until the server closes). */
  | { hang: "before-headers" }
  /** Sends the headers, the message start and `text`, then nothing more. */
  | { hang: "mid-stream"; text: string }
  /** A well-framed response whose JSON is cut off part-way (a garbled body, not a dropped connection). */
  | { truncated: true };

const usage = { input_tokens: 100, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const start = (message: Partial<ModelResponse>) =>
  sse("message_start", {
    type: "message_start",
    message: {
      id: "msg_wire",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-5-5",
      content: [],
      stop_reason: null,
      usage,
      ...message,
    },
  });

/** The event stream of a whole message: each block started, its text or tool input as deltas, stopped; then the end. */
export function messageEvents(message: ModelResponse): string {
  const used = message.usage ?? usage;
  let out = start({ id: message.id, model: message.model, usage: used });
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      out += sse("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
      out += sse("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } });
    } else if (block.type === "tool_use") {
      const content_block = { type: "tool_use", id: block.id, name: block.name, input: {} };
      out += sse("content_block_start", { type: "content_block_start", index, content_block });
      const partial_json = JSON.stringify(block.input);
      out += sse("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } });
    }
    out += sse("content_block_stop", { type: "content_block_stop", index });
  });
  const delta = { stop_reason: message.stop_reason, stop_sequence: null };
  out += sse("message_delta", { type: "message_delta", delta, usage: { output_tokens: used.output_tokens } });
  return out + sse("message_stop", { type: "message_stop" });
}

export interface ModelWire {
  /** The base URL to give the SDK (ANTHROPIC_BASE_URL). */
  url: string;
  /** Request bodies, in order. */
  readonly requests: { stream?: boolean; messages: unknown[] }[];
  push(...acts: WireAct[]): void;
  close(): Promise<void>;
}

function serve(act: WireAct | undefined, stream: boolean, res: http.ServerResponse): void {
  if (!act) {
    res
      .writeHead(500, { "content-type": "application/json" })
      .end(JSON.stringify({ type: "error", error: { type: "api_error", message: "no act left" } }));
  } else if ("hang" in act && act.hang === "before-headers") {
    // nothing: the socket stays open
  } else if ("hang" in act) {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(start({}));
    res.write(sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
    res.write(sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: act.text } }));
  } else if ("truncated" in act) {
    const whole = stream ? start({}) : JSON.stringify({ id: "msg_cut", type: "message", role: "assistant", content: [] });
    // Cut inside a string ("role":"assi…): JSON.parse says "Unterminated string", which once read as a dropped connection.
    const part = whole.slice(0, whole.indexOf('"role":"') + 12);
    const cut = stream ? `${part}\n\n` : part;
    res.writeHead(200, { "content-type": stream ? "text/event-stream" : "application/json", "content-length": Buffer.byteLength(cut) });
    res.end(cut);
  } else if ("status" in act) {
    res
      .writeHead(act.status, { "content-type": "application/json", ...act.headers })
      .end(JSON.stringify({ type: "error", error: act.error }));
  } else if (!stream) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...act.message, usage }));
  } else {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const pings = act.pingMs ? setInterval(() => res.write(sse("ping", { type: "ping" })), act.pingMs) : undefined;
    setTimeout(() => {
      clearInterval(pings);
      res.end(messageEvents(act.message));
    }, act.pingsFor ?? 0);
  }
}

export async function serveModelWire(acts: WireAct[] = []): Promise<ModelWire> {
  const queue = [...acts];
  const requests: ModelWire["requests"] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const body = raw ? (JSON.parse(raw) as ModelWire["requests"][number]) : { messages: [] };
      requests.push(body);
      serve(queue.shift(), body.stream === true, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    push: (...more) => void queue.push(...more),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
