// The one argument parser of the CLI: node's built-in util.parseArgs (strict), its mistakes said in Romanian, the
// flag value parsers the commands share, and `defineCommand`, which gives every command the same answer to a
// mistake in its arguments (what is wrong and the usage, on stderr, exit code 2) and to --help (exit code 0).
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliCommand } from "./types";

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** What is wrong with a command line that strict parsing refused, found token by token in a lenient parse. */
function describeMistake(argv: string[], options: Options, allowPositionals: boolean): string | undefined {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === "positional" && !allowPositionals) return `argument neașteptat „${token.value}”`;
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) return `opțiune necunoscută „${token.rawName}”`;
    if (spec.type === "string" && token.value === undefined) return `${token.rawName} cere o valoare`;
    if (spec.type === "boolean" && token.value !== undefined) return `${token.rawName} nu primește o valoare`;
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
    const range = max === undefined ? `≥ ${min}` : `între ${min} și ${max}`;
    throw new UsageError(`${flag} trebuie să fie un număr întreg ${range} (primit „${value}”)`);
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
    throw new UsageError(`${flag} trebuie să fie un număr între ${min} și ${max} (primit „${value}”)`);
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

export interface CommandSpec<O extends Options> {
  name: string;
  summary: string;
  usage: string;
  options: O;
  /** Whether the command takes positional arguments (files, a question); without, one is a mistake. */
  positionals?: boolean;
  /** Runs with the parsed arguments; a UsageError thrown here is reported like a parsing mistake. */
  run(args: ParsedArgs<O>): Promise<number>;
}

/** A command whose arguments are parsed by the one parser. */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(argv) {
      if (argv.includes("--help") || argv.includes("-h")) {
        console.log(`${spec.summary}\n\n${spec.usage}`);
        return 0;
      }
      try {
        return await spec.run(parseCommandLine(argv, spec.options, spec.positionals ?? false));
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        console.error(`Argumente invalide: ${err.message}\n\nUtilizare:\n${spec.usage}`);
        return 2;
      }
    },
  };
}
