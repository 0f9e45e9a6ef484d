// The language the CLI speaks: Romanian by default, English with `--lang en` (any command, anywhere on the line) or
// CLI_LANG=en (the environment, else .env). Read once when a command starts (args.ts, defineCommand; main.ts for its
// own help) and held for that run, so that every text a command prints, its usage errors and the files it writes for
// people (compare's report.md, evaluate's report) pick their words with `say` and their numbers with `decimal`.
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import type { Lang } from "../../contract/lang";
import { formatDecimal, formatNumber, NUMBER_LOCALES } from "../../contract/numbers";

export const CLI_LANGS = ["ro", "en"] as const satisfies readonly Lang[];

let current: Lang = "ro";

/** The language of the command being run ("ro" outside one). */
export function cliLang(): Lang {
  return current;
}

/** The text of the running command's language, from a table of both. */
export function say<T>(texts: Record<Lang, T>): T {
  return texts[current];
}

/**
 * A number the way the language writes it, as the pages do (contract/numbers.ts): with exactly `digits` decimals
 * ("1,5" and "1.234,5" in Romanian, "1.5" and "1,234.5" in English), or, without `digits`, with up to three.
 */
export function decimal(value: number, digits?: number, lang: Lang = current): string {
  return digits === undefined ? formatNumber(value, lang) : formatDecimal(value, lang, digits);
}

/** The locale whose number formats the language uses (file sizes, grouped figures). */
export function locale(lang: Lang = current): string {
  return NUMBER_LOCALES[lang];
}

/** A language that is not one of the CLI's: said in both, since the user's one is not known. */
export class LangError extends Error {}

function checked(value: string, from: string): Lang {
  const lang = value.trim().toLowerCase();
  if ((CLI_LANGS as readonly string[]).includes(lang)) return lang as Lang;
  throw new LangError(
    `${from}: „${value}” nu este o limbă a liniei de comandă (ro, en) / ` +
      `"${value}" is not a language of the command line (ro, en)`,
  );
}

/** CLI_LANG from the environment, else from ./.env (read, not loaded: the command loads its own env file). */
function envLang(): string | undefined {
  if (process.env.CLI_LANG) return process.env.CLI_LANG;
  if (!existsSync(".env")) return undefined;
  try {
    return parseEnv(readFileSync(".env", "utf8")).CLI_LANG || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `--lang X` / `--lang=X` taken out of a command line (before a `--`, after which everything is an argument), with
 * the language it names, else CLI_LANG's, else Romanian. A language that is not ro or en throws a LangError.
 */
export function takeLang(argv: readonly string[]): { lang: Lang; rest: string[] } {
  const rest: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--lang") {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new LangError("--lang cere o valoare: ro sau en / --lang needs a value: ro or en");
      }
      flag = value;
      i++;
    } else if (arg.startsWith("--lang=")) flag = arg.slice("--lang=".length);
    else rest.push(arg);
  }
  if (flag !== undefined) return { lang: checked(flag, "--lang"), rest };
  const env = envLang();
  return { lang: env === undefined ? "ro" : checked(env, "CLI_LANG"), rest };
}

/** Runs `work` in `lang`, then returns to the language before (the tests run commands one after another in-process). */
export async function inLang<T>(lang: Lang, work: () => Promise<T>): Promise<T> {
  const before = current;
  current = lang;
  try {
    return await work();
  } finally {
    current = before;
  }
}
