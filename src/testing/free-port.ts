// A loopback port free right now, for a server started in another process or by a library that cannot take port 0.
import net from "node:net";

/** Free at the moment of the call: the caller's server binds it a moment later. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
