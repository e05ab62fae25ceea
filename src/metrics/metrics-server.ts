// The scrape endpoint: GET /metrics in Prometheus's text format, on a port of its own (METRICS_PORT), never on the
// server that takes Slack's requests, so a public Slack endpoint never exposes it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { ConfigError } from "../config.ts";
import type { Logger } from "../logger.ts";

export interface MetricsServer {
  /** The port actually listened on (METRICS_PORT, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

export async function serveMetrics(registry: Registry, options: { port: number; host?: string; logger: Logger }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://metrics").pathname;
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: metrics are at GET /metrics\n");
      return;
    }
    registry
      .metrics()
      .then((text) => res.writeHead(200, { "content-type": registry.contentType }).end(text))
      .catch((error: unknown) => {
        options.logger.error({ err: error }, "metrics.scrape.failed");
        res.writeHead(500, { "content-type": "text/plain" }).end("metrics could not be collected; see the log\n");
      });
  });
  // Scrapers keep connections open; closing must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE" && error.code !== "EACCES") return reject(error);
      const why = error.code === "EADDRINUSE" ? "is already in use" : "needs privileges this process lacks";
      reject(new ConfigError([{ setting: "METRICS_PORT", problem: `port ${options.port} ${why}: choose another port` }]));
    };
    server.once("error", refuse);
    server.listen(options.port, options.host, () => {
      server.off("error", refuse);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
