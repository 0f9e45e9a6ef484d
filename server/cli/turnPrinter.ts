// How `ask` shows a turn in a terminal: the answer streams on stdout, the steps go to stderr one a line. annotate
// runs beside the answer, so its steps may come while the answer's text is mid-line: they wait until the answer's
// own step ends it (with a line break), so that the two streams do not cut into each other.
import type { StepEvent } from "../../contract/protocol";

export interface TurnPrinter {
  step(e: Pick<StepEvent, "step" | "status" | "ms" | "detail">): void;
  token(text: string): void;
  /** Ends the answer's line and prints any step still held. */
  end(): void;
}

export function createTurnPrinter(out: (text: string) => void, err: (text: string) => void): TurnPrinter {
  let midLine = false;
  const held: string[] = [];
  const end = () => {
    if (midLine) out("\n");
    midLine = false;
    for (const line of held.splice(0)) err(line);
  };
  return {
    step(e) {
      const line = `· ${e.step} ${e.status}${e.ms !== undefined ? ` ${e.ms} ms` : ""}${e.detail ? ` (${e.detail})` : ""}\n`;
      if (e.step === "answer" && e.status !== "start") {
        end();
        err(line);
      } else if (midLine) held.push(line);
      else err(line);
    },
    token(text) {
      if (!text) return;
      out(text);
      midLine = true;
    },
    end,
  };
}
