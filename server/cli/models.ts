// `models [--json] [--timeout MS]`: prints the answer chain, the annotate chain and the embedder, then checks each
// model for real with a one-line request and shows its latency or why it cannot be reached, so that a team sees
// before the demo what works. Offline models are checked too (they answer at once).
import Table from "cli-table3";
import pLimit from "p-limit";
import { loadConfig, type Config } from "../config";
import { formatMessage } from "../../contract/errors";
import { createLogger } from "../log";
import { AppError } from "../../contract/errors";
import { ModelGateway, type CheckRole } from "../models/gateway";
import { missingConfiguration } from "../models/providers";
import { defineCommand, intFlag, parseCommandLine, type ParsedArgs } from "./args";
import { countWith } from "../../contract/plural";
import type { Lang } from "../../contract/errors";
import { cliLang, say } from "./lang";

const USAGE = {
  ro: "npm run cli -- models [--json] [--timeout MS]",
  en: "npm run cli -- models [--json] [--timeout MS]",
};
const DEFAULT_TIMEOUT_MS = 20_000;
const CONCURRENCY = 4;

export type ModelRole = "answer" | "annotate" | "embed";
export type CheckStatus = "ok" | "error" | "unconfigured";

export interface ModelCheck {
  model: string;
  /** The roles it has, with its position in each chain (1 = first). */
  roles: { role: ModelRole; position: number }[];
  status: CheckStatus;
  /** Latency of the check call, when one was made. */
  ms: number | null;
  /** An error code (`provider:network`...) or `config:missing`; null when ok. */
  reason: string | null;
  /** What went wrong, in Romanian, or what the model answered. */
  detail: string;
}

export interface ModelsReport {
  chain: { answer: string[]; annotate: string[] };
  embeddings: string;
  checks: ModelCheck[];
  /** True when every model checked answered. */
  ok: boolean;
}

/** The report's words, in both languages. */
const TEXT = {
  ro: {
    roles: { answer: "răspuns", annotate: "adnotare", embed: "embeddings" } as Record<ModelRole, string>,
    status: { ok: "merge", error: "eroare", unconfigured: "neconfigurat" } as Record<CheckStatus, string>,
    missing: (what: string) => `lipsește ${what}`,
    head: ["Model", "Rol", "Stare", "Latență", "Detalii"],
    outside: "în afara lanțului",
    answerChain: "Lanțul de răspuns: ",
    annotateChain: "Lanțul de adnotare:",
    embeddings: "Embeddings:        ",
    working: (working: number, total: number) =>
      `${working} din ${countWith(total, ["model", "modele"])} ${working === 1 ? "răspunde" : "răspund"}.`,
    skipped: " Modelele care nu răspund sunt ocolite: lanțul trece la următorul.",
    summary:
      "Arată lanțul de modele și verifică fiecare model cu o cerere scurtă (latență sau motivul erorii).",
  },
  en: {
    roles: { answer: "answer", annotate: "annotate", embed: "embeddings" } as Record<ModelRole, string>,
    status: { ok: "works", error: "error", unconfigured: "not configured" } as Record<CheckStatus, string>,
    missing: (what: string) => `${what} is missing`,
    head: ["Model", "Role", "Status", "Latency", "Details"],
    outside: "outside the chain",
    answerChain: "Answer chain:     ",
    annotateChain: "Annotation chain: ",
    embeddings: "Embeddings:       ",
    working: (working: number, total: number) =>
      `${working} of ${countWith(total, ["model", "models"], "en")} ${working === 1 ? "answers" : "answer"}.`,
    skipped: " The models that do not answer are skipped: the chain goes on to the next.",
    summary:
      "Shows the model chain and checks each model with a short request (its latency or why it failed).",
  },
};

function truncate(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The call that checks a model in its first role: embedders embed, the lexicon annotates, the rest answer. */
function checkRole(model: string, roles: ModelRole[]): CheckRole {
  if (roles.includes("embed")) return "embed";
  return roles.includes("annotate") && !roles.includes("answer") ? "annotate" : "answer";
}

/** One real, short call per model, through the gateway as every call is made. */
async function checkOne(
  gateway: ModelGateway,
  config: Config,
  model: string,
  roles: ModelRole[],
  timeoutMs: number,
): Promise<Omit<ModelCheck, "roles">> {
  const missing = missingConfiguration(model, config);
  if (missing) {
    return {
      model,
      status: "unconfigured",
      ms: null,
      reason: "config:missing",
      detail: say(TEXT).missing(missing),
    };
  }
  try {
    const role = checkRole(model, roles);
    const { ms, reply } = await gateway.check(model, role, timeoutMs);
    return {
      model,
      status: "ok",
      ms,
      reason: null,
      detail: role === "answer" ? `„${truncate(reply, 60)}”` : reply,
    };
  } catch (err) {
    const error = err instanceof AppError ? err : gateway.failed(model, "check", err, "debug", false);
    const detail = error.params.detail ? ` (${truncate(String(error.params.detail))})` : "";
    return {
      model,
      status: "error",
      ms: null,
      reason: error.code,
      detail: `${formatMessage(error.code, cliLang())}${detail}`,
    };
  }
}

/** Checks every model of the configured chains and the embedder; the report lists them in chain order. */
export async function checkModels(
  config: Config,
  options: { timeoutMs?: number } = {},
): Promise<ModelsReport> {
  // A quiet gateway: the table already says which models lack a variable.
  const gateway = new ModelGateway(config, { logger: createLogger({ ...config, LOG_LEVEL: "error" }) });
  const answer = gateway.answerChain();
  const annotate = gateway.annotateChain();
  // In the order of the configuration; models left out of the chains (a missing key) are listed too, so that
  // the table says why.
  const roles = new Map<string, { role: ModelRole; position: number }[]>(
    gateway.list().map((m) => [m.id, []]),
  );
  const add = (model: string, role: ModelRole, position: number) =>
    roles.set(model, [...(roles.get(model) ?? []), { role, position }]);
  answer.forEach((m, i) => add(m, "answer", i + 1));
  annotate.forEach((m, i) => add(m, "annotate", i + 1));
  add(config.EMBEDDINGS, "embed", 1);

  const timeoutMs = options.timeoutMs ?? Math.min(config.MODEL_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
  const limit = pLimit(CONCURRENCY);
  const entries = [...roles.entries()];
  const checks = await Promise.all(
    entries.map(([model, r]) =>
      limit(async (): Promise<ModelCheck> => {
        // A model left out of the chains is checked as a chat model: that is what it was configured for.
        const asRoles = r.length ? r.map((x) => x.role) : (["answer"] satisfies ModelRole[]);
        return { ...(await checkOne(gateway, config, model, asRoles, timeoutMs)), roles: r };
      }),
    ),
  );
  return {
    chain: { answer, annotate },
    embeddings: config.EMBEDDINGS,
    checks,
    ok: checks.every((c) => c.status === "ok"),
  };
}

/** The report as text: the chains, then one table row per model. */
export function formatReport(report: ModelsReport, lang: Lang = cliLang()): string {
  const t = TEXT[lang];
  const table = new Table({
    head: t.head,
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, null, null, 60],
  });
  for (const c of report.checks) {
    table.push([
      c.model,
      c.roles.map((r) => `${t.roles[r.role]} ${r.position}`).join(", ") || t.outside,
      t.status[c.status],
      c.ms === null ? "—" : `${c.ms} ms`,
      c.detail,
    ]);
  }
  const working = report.checks.filter((c) => c.status === "ok").length;
  return [
    `${t.answerChain} ${report.chain.answer.join(" → ")}`,
    `${t.annotateChain} ${report.chain.annotate.join(" → ")}`,
    `${t.embeddings} ${report.embeddings}`,
    "",
    table.toString(),
    "",
    `${t.working(working, report.checks.length)}${report.ok ? "" : t.skipped}`,
  ].join("\n");
}

const OPTIONS = { json: { type: "boolean", default: false }, timeout: { type: "string" } } as const;

async function models(
  { values }: ParsedArgs<typeof OPTIONS>,
  config: Config,
  write: (text: string) => void,
): Promise<number> {
  const timeoutMs = intFlag("--timeout", values.timeout, { min: 1 });
  const report = await checkModels(config, { timeoutMs });
  write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

/** The command with its config given (tests pass one; the CLI loads .env and the environment). */
export function runModels(
  argv: string[],
  config: Config,
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  return models(parseCommandLine(argv, OPTIONS, false), config, write);
}

export const command = defineCommand({
  name: "models",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  options: OPTIONS,
  run: (args) => models(args, loadConfig(), (t) => process.stdout.write(t)),
});
