// `npm run cli -- <command> [...]`: dispatches to the command modules in this folder.
import { ConfigError } from "../config";
import type { CliCommand } from "./types";

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  import: () => import("./import"),
  clean: () => import("./clean"),
  index: () => import("./index"),
  search: () => import("./search"),
  "eval-retrieval": () => import("./evalRetrieval"),
  ask: () => import("./ask"),
  annotate: () => import("./annotate"),
  compare: () => import("./compare"),
  evaluate: () => import("./evaluate"),
  "export-labels": () => import("./exportLabels"),
  models: () => import("./models"),
  users: () => import("./users"),
};

function help(): string {
  return [
    "EchoChamber — linia de comandă / command line",
    "",
    "Folosire: npm run cli -- <comandă> [opțiuni]",
    "",
    ...Object.keys(COMMANDS).map((name) => `  ${name}`),
    "",
    "„npm run cli -- <comandă> --help” arată opțiunile comenzii.",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(help() + "\n");
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`Comandă necunoscută: ${name}\n\n${help()}\n`);
    return 2;
  }
  const { command } = await load();
  // Every command parses its own arguments with the one parser (args.ts), --help included.
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      err instanceof ConfigError
        ? `${err.message}\n`
        : `Eroare: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
