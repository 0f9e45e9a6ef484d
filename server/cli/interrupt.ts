// Ctrl-C and kill for long commands: the first signal asks the work to stop gracefully (saying what is
// kept), a second one exits at once.
import { say } from "./lang";

const AGAIN = { ro: "Ctrl-C încă o dată iese imediat", en: "Ctrl-C once more exits at once" };

export interface Interrupt {
  signal: AbortSignal;
  /** Removes the handlers; call it when the work is over. */
  release(): void;
}

export function onInterrupt(message: string): Interrupt {
  const controller = new AbortController();
  let interrupts = 0;
  const handler = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${message} (${say(AGAIN)}).\n`);
    controller.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    release() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
