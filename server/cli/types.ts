// The shape of one CLI command; `server/cli/index.ts` dispatches `npm run cli -- <name> ...` to it.
export interface CliCommand {
  name: string;
  /** One line for `npm run cli -- help`. */
  summary: string;
  /** The usage line(s), printed on a usage error. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
