// Nothing tells a dynamic provider that the `pulumi` CLI which started it was killed: it would go on polling jobs
// and holding memory until the machine restarts. The engine's gRPC address (the provider's first argument)
// refuses connections once the CLI is gone, so the provider exits after two refusals in a row. Work it had begun
// is safe to drop: the next `up` adopts the upload or job by its tag.
import net from "node:net";

const ENGINE_ADDRESS = /^(?<host>[\w.-]+):(?<port>\d+)$/;
let watching = false;

/**
 * Probes the engine every `intervalMs` and calls `exit` after two refused connections in a row. One watch per
 * process; returns the function that stops it.
 */
export function exitWhenEngineGone(
  address = process.argv[2],
  intervalMs = 5_000,
  exit: () => void = () => process.exit(1),
): () => void {
  const match = address ? ENGINE_ADDRESS.exec(address) : null;
  if (watching || !match) return () => undefined; // already watching, or not started by the engine (a test, a script)
  watching = true;
  const { host, port } = match.groups!;
  let refusals = 0;
  let stopped = false;
  const probe = () => {
    const socket = net.connect(Number(port), host);
    socket.once("connect", () => {
      refusals = 0;
      socket.destroy();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      if (error.code !== "ECONNREFUSED") return; // only a closed port means the engine is gone
      // A probe still in flight when the watch stopped answers to nobody.
      if (++refusals >= 2 && !stopped) exit();
    });
  };
  const timer = setInterval(probe, intervalMs).unref(); // never the reason the process stays up
  return () => {
    stopped = true;
    clearInterval(timer);
    watching = false;
  };
}
