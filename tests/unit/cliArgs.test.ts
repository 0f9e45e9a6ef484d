// The CLI's one argument parser: every command answers --help the same way, and a mistake in its arguments with
// what is wrong (in Romanian) and its usage on stderr, exit code 2, before it reads a config or a file.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { intFlag, listFlag, numberFlag, parseCommandLine, UsageError } from "../../server/cli/args";
import { command as annotate } from "../../server/cli/annotate";
import { command as ask } from "../../server/cli/ask";
import { command as clean } from "../../server/cli/clean";
import { command as compare } from "../../server/cli/compare";
import { command as corpus } from "../../server/cli/corpus";
import { command as evaluate } from "../../server/cli/evaluate";
import { command as exportLabels } from "../../server/cli/exportLabels";
import { command as importCommand } from "../../server/cli/import";
import { command as index } from "../../server/cli/index";
import { command as models } from "../../server/cli/models";
import { command as search } from "../../server/cli/search";
import type { CliCommand } from "../../server/cli/types";

const COMMANDS: CliCommand[] = [
  annotate,
  ask,
  clean,
  compare,
  corpus,
  evaluate,
  exportLabels,
  importCommand,
  index,
  models,
  search,
];

let stdout: string[] = [];
let stderr: string[] = [];
beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void stdout.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void stderr.push(args.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

describe("every command", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    "%s --help prints its summary and usage, exit 0",
    async (_, c) => {
      expect(await c.run(["--help"])).toBe(0);
      expect(stdout.join("\n")).toBe(`${c.summary}\n\n${c.usage}`);
      expect(stderr).toEqual([]);
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    "%s refuses an unknown option with its usage, exit 2",
    async (_, c) => {
      expect(await c.run(["--nu-exista", "x"])).toBe(2);
      expect(stderr.join("\n")).toBe(
        `Argumente invalide: opțiune necunoscută „--nu-exista”\n\nUtilizare:\n${c.usage}`,
      );
      expect(stdout).toEqual([]);
    },
  );
});

describe("mistakes, said in Romanian", () => {
  it("a value missing, a value given to a switch, an argument where none is taken", async () => {
    expect(await annotate.run(["in.csv", "--model", "offline:lexicon", "--out"])).toBe(2);
    expect(stderr.at(-1)).toContain("Argumente invalide: --out cere o valoare");
    expect(await index.run(["--json=da"])).toBe(2);
    expect(stderr.at(-1)).toContain("Argumente invalide: --json nu primește o valoare");
    expect(await clean.run(["raw.jsonl"])).toBe(2);
    expect(stderr.at(-1)).toContain("Argumente invalide: argument neașteptat „raw.jsonl”");
    expect(await compare.run(["--models", "offline:lexicon", "--out", "x", "extra"])).toBe(2);
    expect(stderr.at(-1)).toContain("argument neașteptat „extra”");
  });

  it("the commands' own checks go the same way: what is missing, a number out of range", async () => {
    expect(await annotate.run(["in.csv", "--model", "offline:lexicon"])).toBe(2);
    expect(stderr.at(-1)).toContain("Argumente invalide: lipsește --out");
    expect(await annotate.run(["in.csv", "--model", "m", "--out", "o.csv", "--runs", "0"])).toBe(2);
    expect(stderr.at(-1)).toContain("--runs trebuie să fie un număr întreg ≥ 1 (primit „0”)");
    expect(await ask.run(["Ce spun oamenii?", "--temperature", "cald"])).toBe(2);
    expect(stderr.at(-1)).toContain("--temperature trebuie să fie un număr între 0 și 2");
    expect(await evaluate.run(["a.jsonl"])).toBe(2);
    expect(stderr.at(-1)).toContain("lipsesc etichetele gold");
    expect(await evaluate.run(["a.jsonl", "--gold", "g.csv", "--fields", "ton,culoare"])).toBe(2);
    expect(stderr.at(-1)).toContain("câmp necunoscut „culoare”");
    expect(await exportLabels.run(["--format", "xlsx"])).toBe(2);
    expect(stderr.at(-1)).toContain("--format este jsonl sau csv");
    expect(await importCommand.run([])).toBe(2);
    expect(stderr.at(-1)).toContain("indicați cel puțin un fișier de importat");
    expect(await clean.run(["--keep-lang", ""])).toBe(2);
    expect(stderr.at(-1)).toContain("Argumente invalide: --keep-lang are nevoie de cel puțin o limbă");
    expect(await search.run(["pensii", "--k", "101"])).toBe(2);
    expect(stderr.at(-1)).toContain("--k trebuie să fie un număr întreg între 1 și 100");
    expect(await search.run(["pensii", "--from", "2026-01-01", "--to", "2024-01-01"])).toBe(2);
    expect(stderr.at(-1)).toContain(
      "--to (2024-01-01) este înaintea lui --from (2026-01-01): interval de date inversat",
    );
    for (const c of [annotate, evaluate, exportLabels, importCommand, search]) {
      expect(stderr.join("\n")).toContain(`Utilizare:\n${c.usage}`);
    }
  });
});

describe("the flag parsers", () => {
  it("reads integers as digits only, within bounds", () => {
    expect(intFlag("--n", undefined, { min: 1 })).toBeUndefined();
    expect(intFlag("--n", undefined, { min: 1 }, 4)).toBe(4);
    expect(intFlag("--n", " 12 ", { min: 1, max: 16 })).toBe(12);
    for (const bad of ["0", "17", "-1", "1e1", "1.5", "0x10", "", "doi"]) {
      expect(() => intFlag("--n", bad, { min: 1, max: 16 }), bad).toThrow(UsageError);
    }
  });

  it("reads numbers within bounds, and comma-separated repeatable lists", () => {
    expect(numberFlag("--t", "0.7", { min: 0, max: 2 })).toBe(0.7);
    for (const bad of ["", "2.1", "-0.1", "NaN", "abc"]) {
      expect(() => numberFlag("--t", bad, { min: 0, max: 2 }), bad).toThrow(UsageError);
    }
    expect(listFlag(["ro, en", "hu,", " "])).toEqual(["ro", "en", "hu"]);
    expect(listFlag("a,b")).toEqual(["a", "b"]);
    expect(listFlag(undefined)).toEqual([]);
  });

  it("types the values after the options given", () => {
    const { values, positionals } = parseCommandLine(
      ["--k", "3", "pensii", "--json", "--platform", "a", "--platform", "b"],
      { k: { type: "string" }, json: { type: "boolean" }, platform: { type: "string", multiple: true } },
      true,
    );
    expect(values).toEqual({ k: "3", json: true, platform: ["a", "b"] });
    expect(positionals).toEqual(["pensii"]);
  });
});
