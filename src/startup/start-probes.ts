// While start-up waits for the database or Slack, the probes answer on the service port: /healthz that the process
// is alive, /readyz (503) what it is waiting for. Closed just before the app takes the port over.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StartProbes {
  /** What /readyz reports until the app is up, e.g. "waiting for the database: connection refused (retry 3 in 8 s)". */
  waitingFor(reason: string): void;
  readonly port: number;
  close(): Promise<void>;
}

export async function serveStartProbes(port: number, host?: string): Promise<StartProbes> {
  let reason = "starting";
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const answer = (status: number, body: object) => {
      // No keep-alive: the next request must reach the app, which takes the port over from this server.
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", connection: "close" });
      res.end(JSON.stringify(body));
    };
    if (path === "/healthz") return answer(200, { ok: true, detail: `alive, ${reason}` });
    if (path === "/readyz") return answer(503, { ready: false, detail: reason });
    // Slack's requests (and anything else) are refused until the app listens: Slack retries an event it could not deliver.
    return answer(503, { ok: false, error: "starting", detail: reason });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    waitingFor: (why) => void (reason = why),
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
