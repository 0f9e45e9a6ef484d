// `models [--json] [--timeout MS]`: prints the answer chain, the annotate chain and the embedder, then checks each
// model for real with a one-line request and shows its latency or why it cannot be reached, so that a team sees
// before the demo what works. Offline models are checked too (they answer at once).
import { HumanMessage } from "@langchain/core/messages";
import Table from "cli-table3";
import pLimit from "p-limit";
import { loadConfig, type Config } from "../config";
import { formatMessage } from "../../contract/errors";
import { createLogger } from "../log";
import { missingConfiguration, providerError } from "../models/providers";
import { ModelRegistry, OFFLINE_ANNOTATOR } from "../models/registry";
import { defineCommand, intFlag, parseCommandLine, type ParsedArgs } from "./args";

const USAGE = "npm run cli -- models [--json] [--timeout MS]";
export const CHECK_PROMPT = "Răspunde cu un singur cuvânt: ok";
const CHECK_TEXT = "Poporul cinstit plătește, iar politicienii se îmbogățesc.";
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

const ROLE_LABEL: Record<ModelRole, string> = {
  answer: "răspuns",
  annotate: "adnotare",
  embed: "embeddings",
};

function truncate(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: Math.round(performance.now() - started) };
}

/** One real, short call per model: a chat reply, an annotation for the lexicon, a vector for an embedder. */
async function checkOne(
  registry: ModelRegistry,
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
      detail: `lipsește ${missing}`,
    };
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (roles.includes("embed")) {
      const { value, ms } = await timed(() => registry.embeddings(model).embedQuery(CHECK_PROMPT));
      return { model, status: "ok", ms, reason: null, detail: `vector de ${value.length} dimensiuni` };
    }
    if (model === OFFLINE_ANNOTATOR) {
      const { value, ms } = await timed(() => registry.annotator(model).annotate([CHECK_TEXT], { signal }));
      const [a] = value;
      return {
        model,
        status: "ok",
        ms,
        reason: null,
        detail: `ton ${a?.ton}, populism ${a?.populism ? "da" : "nu"}`,
      };
    }
    const chat = registry.chatModel(model, { temperature: 0 });
    const { value, ms } = await timed(() => chat.invoke([new HumanMessage(CHECK_PROMPT)], { signal }));
    const reply = truncate(value.text, 60);
    if (!reply)
      return {
        model,
        status: "error",
        ms,
        reason: "provider:empty",
        detail: formatMessage("provider:empty", "ro"),
      };
    return { model, status: "ok", ms, reason: null, detail: `„${reply}”` };
  } catch (err) {
    const error = providerError(
      signal.aborted ? new DOMException("timeout", "TimeoutError") : err,
      config,
      model,
    );
    const detail = error.params.detail ? ` (${truncate(String(error.params.detail))})` : "";
    return {
      model,
      status: "error",
      ms: null,
      reason: error.code,
      detail: `${formatMessage(error.code, "ro")}${detail}`,
    };
  }
}

/** Checks every model of the configured chains and the embedder; the report lists them in chain order. */
export async function checkModels(
  config: Config,
  options: { timeoutMs?: number } = {},
): Promise<ModelsReport> {
  // Quiet registry: the table already says which models lack a variable.
  const registry = new ModelRegistry(config, { logger: createLogger({ ...config, LOG_LEVEL: "error" }) });
  const answer = registry.answerChain();
  const annotate = registry.annotateChain();
  // In the order of the configuration; models left out of the chains (a missing key) are listed too, so that
  // the table says why.
  const roles = new Map<string, { role: ModelRole; position: number }[]>(
    registry.list().map((m) => [m.id, []]),
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
        return { ...(await checkOne(registry, config, model, asRoles, timeoutMs)), roles: r };
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

const STATUS_LABEL: Record<CheckStatus, string> = {
  ok: "merge",
  error: "eroare",
  unconfigured: "neconfigurat",
};

/** The report as text: the chains, then one table row per model. */
export function formatReport(report: ModelsReport): string {
  const table = new Table({
    head: ["Model", "Rol", "Stare", "Latență", "Detalii"],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, null, null, 60],
  });
  for (const c of report.checks) {
    table.push([
      c.model,
      c.roles.map((r) => `${ROLE_LABEL[r.role]} ${r.position}`).join(", ") || "în afara lanțului",
      STATUS_LABEL[c.status],
      c.ms === null ? "—" : `${c.ms} ms`,
      c.detail,
    ]);
  }
  const working = report.checks.filter((c) => c.status === "ok").length;
  return [
    `Lanțul de răspuns:  ${report.chain.answer.join(" → ")}`,
    `Lanțul de adnotare: ${report.chain.annotate.join(" → ")}`,
    `Embeddings:         ${report.embeddings}`,
    "",
    table.toString(),
    "",
    `${working} din ${report.checks.length} modele răspund.${report.ok ? "" : " Modelele care nu răspund sunt ocolite: lanțul trece la următorul."}`,
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
  summary:
    "Arată lanțul de modele și verifică fiecare model cu o cerere scurtă (latență sau motivul erorii).",
  usage: USAGE,
  options: OPTIONS,
  run: (args) => models(args, loadConfig(), (t) => process.stdout.write(t)),
});
