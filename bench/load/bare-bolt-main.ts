// The bare Bolt baseline as its own process (the memory and start suite's baseline): `bare-bolt-main.ts <port>
// <signing secret>`; stops on SIGTERM or SIGINT.
import { startBareBolt } from "./bare-bolt.ts";

const [port, secret] = process.argv.slice(2);
const bolt = await startBareBolt({ signingSecret: secret ?? "bench", port: Number(port ?? 0) });
const stop = () => void bolt.stop().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
