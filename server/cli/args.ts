// The one argument parser of the CLI: node's built-in util.parseArgs (strict), its mistakes said in the CLI's language
// (Romanian, or English with --lang en: lang.ts), the flag value parsers the commands share, and `defineCommand`,
// which gives every command the same answer to a mistake in its arguments (what is wrong and the usage, on stderr,
// exit code 2), to --help (exit code 0) and to --lang.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Lang } from "../../contract/errors";
import { cliLang, inLang, LangError, say, takeLang } from "./lang";
import type { CliCommand } from "./types";

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

const MISTAKES: Record<
  Lang,
  Record<"unexpected" | "unknown" | "needsValue" | "noValue", (what: string) => string> & {
    integer(flag: string, range: string, value: string): string;
    atLeast(min: number): string;
    between(min: number, max: number): string;
    number(flag: string, min: number, max: number, value: string): string;
    invalid: string;
    usage: string;
  }
> = {
  ro: {
    unexpected: (value) => `argument neașteptat „${value}”`,
    unknown: (flag) => `opțiune necunoscută „${flag}”`,
    needsValue: (flag) => `${flag} cere o valoare`,
    noValue: (flag) => `${flag} nu primește o valoare`,
    integer: (flag, range, value) => `${flag} trebuie să fie un număr întreg ${range} (primit „${value}”)`,
    atLeast: (min) => `≥ ${min}`,
    between: (min, max) => `între ${min} și ${max}`,
    number: (flag, min, max, value) =>
      `${flag} trebuie să fie un număr între ${min} și ${max} (primit „${value}”)`,
    invalid: "Argumente invalide",
    usage: "Utilizare",
  },
  en: {
    unexpected: (value) => `unexpected argument "${value}"`,
    unknown: (flag) => `unknown option "${flag}"`,
    needsValue: (flag) => `${flag} needs a value`,
    noValue: (flag) => `${flag} takes no value`,
    integer: (flag, range, value) => `${flag} must be a whole number ${range} (got "${value}")`,
    atLeast: (min) => `≥ ${min}`,
    between: (min, max) => `between ${min} and ${max}`,
    number: (flag, min, max, value) => `${flag} must be a number between ${min} and ${max} (got "${value}")`,
    invalid: "Invalid arguments",
    usage: "Usage",
  },
};

/** What is wrong with a command line that strict parsing refused, found token by token in a lenient parse. */
function describeMistake(argv: string[], options: Options, allowPositionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    const m = MISTAKES[cliLang()];
    if (token.kind === "positional" && !allowPositionals) return m.unexpected(token.value);
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) return m.unknown(token.rawName);
    if (spec.type === "string" && token.value === undefined) return m.needsValue(token.rawName);
    if (spec.type === "boolean" && token.value !== undefined) return m.noValue(token.rawName);
  }
  return undefined;
}

/** Parses a command line against the command's options; a mistake is thrown as a UsageError. */
export function parseCommandLine<const O extends Options>(
  argv: string[],
  options: O,
  allowPositionals: boolean,
): ParsedArgs<O> {
  try {
    // Typed as if positionals were always allowed; when they are not, strict parsing refuses them.
    return parseArgs({ args: argv, options, allowPositionals, strict: true }) as ParsedArgs<O>;
  } catch (err) {
    const node = err instanceof Error ? err.message : String(err);
    throw new UsageError(describeMistake(argv, options, allowPositionals) ?? node);
  }
}

/** An integer flag within bounds; `fallback` when absent. Digits only: no sign, no decimals, no exponent. */
export function intFlag(
  flag: string,
  value: string | undefined,
  bounds: { min: number; max?: number },
): number | undefined;
export function intFlag(
  flag: string,
  value: string | undefined,
  bounds: { min: number; max?: number },
  fallback: number,
): number;
export function intFlag(
  flag: string,
  value: string | undefined,
  { min, max }: { min: number; max?: number },
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || (max !== undefined && n > max)) {
    const m = MISTAKES[cliLang()];
    throw new UsageError(m.integer(flag, max === undefined ? m.atLeast(min) : m.between(min, max), value));
  }
  return n;
}

/** A number flag within bounds (a temperature); undefined when absent. */
export function numberFlag(
  flag: string,
  value: string | undefined,
  { min, max }: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(MISTAKES[cliLang()].number(flag, min, max, value));
  }
  return n;
}

/** A comma-separated flag (repeatable), trimmed, without empty items: `--keep-lang ro,en --keep-lang hu`. */
export function listFlag(values: string | string[] | undefined): string[] {
  const all = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return all
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A text in both of the CLI's languages. */
export type Texts = Record<Lang, string>;

export interface CommandSpec<O extends Options> {
  name: string;
  summary: Texts;
  usage: Texts;
  options: O;
  /** Whether the command takes positional arguments (files, a question); without, one is a mistake. */
  positionals?: boolean;
  /** Runs with the parsed arguments; a UsageError thrown here is reported like a parsing mistake. */
  run(args: ParsedArgs<O>): Promise<number>;
}

/**
 * A command whose arguments are parsed by the one parser. `--lang` is taken out first (lang.ts) and the command runs
 * in that language; its summary and usage read in the language of the moment (Romanian outside a run).
 */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): CliCommand {
  return {
    name: spec.name,
    get summary() {
      return say(spec.summary);
    },
    get usage() {
      return say(spec.usage);
    },
    async run(fullArgv) {
      let lang: Lang;
      let argv: string[];
      try {
        ({ lang, rest: argv } = takeLang(fullArgv));
      } catch (err) {
        if (!(err instanceof LangError)) throw err;
        console.error(
          `Argumente invalide / Invalid arguments: ${err.message}\n\n` +
            `${MISTAKES.ro.usage}:\n${spec.usage.ro}\n\n${MISTAKES.en.usage}:\n${spec.usage.en}`,
        );
        return 2;
      }
      return inLang(lang, async () => {
        if (argv.includes("--help") || argv.includes("-h")) {
          console.log(`${say(spec.summary)}\n\n${say(spec.usage)}`);
          return 0;
        }
        try {
          return await spec.run(parseCommandLine(argv, spec.options, spec.positionals ?? false));
        } catch (err) {
          if (!(err instanceof UsageError)) throw err;
          const m = MISTAKES[lang];
          console.error(`${m.invalid}: ${err.message}\n\n${m.usage}:\n${say(spec.usage)}`);
          return 2;
        }
      });
    },
  };
}
