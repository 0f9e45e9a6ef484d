// The shape of one CLI command; `server/cli/main.ts` dispatches `npm run cli -- <name> ...` to it, and
// `defineCommand` (args.ts) builds one from its options.
export interface CliCommand {
  name: string;
  /** One line for `npm run cli -- help`. */
  summary: string;
  /** The usage line(s), printed with --help and on a usage error. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code (2: a usage error). */
  run(argv: string[]): Promise<number>;
}
