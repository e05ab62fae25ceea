// The load generator's own process (forked by load-process.ts): runs each job it is sent over IPC and sends back
// the latencies, so the client's sockets, timers and GC never share an event loop with the server it measures.
import { runLoad, type LoadJob } from "./load-generator.ts";

interface JobMessage {
  type: "load:run";
  id: number;
  job: LoadJob;
}

process.on("message", (message: JobMessage) => {
  if (message?.type !== "load:run") return;
  runLoad(message.job).then(
    (result) => process.send?.({ type: "load:result", id: message.id, result }),
    (error: unknown) => process.send?.({ type: "load:result", id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The parent closing the channel (or dying) ends this process: nothing is left behind.
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "load:ready" });
