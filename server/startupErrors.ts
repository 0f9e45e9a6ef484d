// What an instance says when it cannot start: one line a person can act on, naming the variable to change, instead of
// a stack trace. The services a class deployment needs (PostgreSQL, Redis) are tagged where they are opened; the
// address to listen on is explained from the operating system's error code.
import { AppError, toUserError } from "../contract/errors";
import { ConfigError } from "./config";

/** A service named by an environment variable that did not answer when the instance started. */
export class ServiceUnreachable extends Error {
  constructor(
    readonly variable: "DATABASE_URL" | "REDIS_URL",
    readonly target: string,
    readonly detail: string,
  ) {
    super(
      `${variable === "DATABASE_URL" ? "PostgreSQL" : "Redis"} nu răspunde la ${variable}=${target} (${detail}). ` +
        `Porniți serviciul sau corectați ${variable}.`,
    );
    this.name = "ServiceUnreachable";
  }
}

/** A connection URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(adresă nevalidă)";
  }
}

/** The error's own short description: its code and message, without a stack. */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** Why listening on HOST:PORT failed, or null when the error is not about the address. */
function listenProblem(err: unknown, host: string, port: number): string | null {
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (code === "EADDRINUSE")
    return `Portul ${port} este deja folosit de alt program. Alegeți alt PORT sau opriți programul care îl ține.`;
  if (code === "EACCES" && syscall === "listen")
    return `Portul ${port} cere drepturi de administrator. Alegeți un PORT de la 1024 în sus.`;
  if (code === "EADDRNOTAVAIL" || (code === "ENOTFOUND" && syscall === "getaddrinfo"))
    return `HOST=${host} nu este o adresă a acestei mașini. Folosiți 127.0.0.1, 0.0.0.0 sau adresa unei interfețe.`;
  return null;
}

/** The message printed when start-up fails. */
export function startupMessage(err: unknown, listen?: { host: string; port: number }): string {
  if (err instanceof ConfigError || err instanceof ServiceUnreachable) return err.message;
  if (err instanceof AppError) return `EchoChamber nu a pornit: ${toUserError(err, "ro").message}`;
  const address = listen && listenProblem(err, listen.host, listen.port);
  if (address) return `EchoChamber nu a pornit: ${address}`;
  return `EchoChamber nu a pornit: ${String(err instanceof Error ? err.stack : err)}`;
}

/**
 * The line a server started on an index that cannot be read prints after "rulează pe": the app runs, but the chat
 * cannot search the corpus until the index is rebuilt, and how.
 */
export function unreadableIndexNotice(problem: AppError): string {
  const detail = problem.params.detail ? ` (${problem.params.detail})` : "";
  return (
    `Atenție: indexul corpusului există, dar nu a putut fi citit${detail}. Conversația nu poate căuta în corpus ` +
    `până nu îl reconstruiți: pe pagina Corpus, butonul „Reconstruiește indexul”, sau „npm run cli -- index --rebuild”.`
  );
}
