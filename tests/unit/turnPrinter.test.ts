import { describe, expect, it } from "vitest";
import { createTurnPrinter } from "../../server/cli/turnPrinter";

function harness() {
  const log: string[] = [];
  const printer = createTurnPrinter(
    (text) => log.push(`out:${text}`),
    (text) => log.push(`err:${text.trim()}`),
  );
  return { log, printer };
}

describe("ask's turn printer", () => {
  it("holds steps that come while the answer is mid-line until the answer's step ends the line", () => {
    const { log, printer } = harness();
    printer.step({ step: "retrieve", status: "end", ms: 2 });
    printer.step({ step: "answer", status: "start", detail: "offline:extractive" });
    printer.token("Răspuns ");
    printer.step({ step: "annotate", status: "start", detail: "offline:lexicon" });
    printer.token("[1].");
    printer.step({ step: "answer", status: "end", ms: 30 });
    printer.step({ step: "annotate", status: "end", ms: 9 });
    printer.end();
    expect(log).toEqual([
      "err:· retrieve end 2 ms",
      "err:· answer start (offline:extractive)",
      "out:Răspuns ",
      "out:[1].",
      "out:\n",
      "err:· annotate start (offline:lexicon)",
      "err:· answer end 30 ms",
      "err:· annotate end 9 ms",
    ]);
  });

  it("ends a cut answer's line before the fallback's steps, and prints what is held at the end", () => {
    const { log, printer } = harness();
    printer.token("parțial");
    printer.step({ step: "annotate", status: "end", ms: 5 });
    printer.end();
    expect(log).toEqual(["out:parțial", "out:\n", "err:· annotate end 5 ms"]);
    printer.end();
    expect(log).toHaveLength(3);
  });
});
