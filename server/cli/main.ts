// `npm run cli -- <command> [...]`: dispatches to the command modules in this folder. `--lang ro|en` may come before
// the command's name too; the command reads it again (args.ts) with the rest of its line.
import { ConfigError } from "../config";
import type { Lang } from "../../contract/errors";
import { LangError, takeLang } from "./lang";
import type { CliCommand } from "./types";

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  import: () => import("./import"),
  clean: () => import("./clean"),
  corpus: () => import("./corpus"),
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

const TEXT: Record<Lang, { usage: string; more: string; unknown: string; error: string }> = {
  ro: {
    usage: "Folosire: npm run cli -- <comandă> [opțiuni] [--lang ro|en]",
    more: "„npm run cli -- <comandă> --help” arată opțiunile comenzii.",
    unknown: "Comandă necunoscută",
    error: "Eroare",
  },
  en: {
    usage: "Usage: npm run cli -- <command> [options] [--lang ro|en]",
    more: '"npm run cli -- <command> --help" lists the command\'s options.',
    unknown: "Unknown command",
    error: "Error",
  },
};

function help(lang: Lang): string {
  return [
    "EchoChamber — linia de comandă / command line",
    "",
    TEXT[lang].usage,
    "",
    ...Object.keys(COMMANDS).map((name) => `  ${name}`),
    "",
    TEXT[lang].more,
  ].join("\n");
}

let lang: Lang = "ro";

async function main(argv: string[]): Promise<number> {
  let rest: string[];
  try {
    ({ lang, rest } = takeLang(argv));
  } catch (err) {
    if (!(err instanceof LangError)) throw err;
    process.stderr.write(`${err.message}\n\n${help("ro")}\n\n${help("en")}\n`);
    return 2;
  }
  const [name] = rest;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(help(lang) + "\n");
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`${TEXT[lang].unknown}: ${name}\n\n${help(lang)}\n`);
    return 2;
  }
  const { command } = await load();
  // Every command parses its own arguments with the one parser (args.ts), --help and --lang included.
  const at = argv.indexOf(name);
  return command.run([...argv.slice(0, at), ...argv.slice(at + 1)]);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      err instanceof ConfigError
        ? `${err.message}\n`
        : `${TEXT[lang].error}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
