// `export-labels [--out FILE] [--format jsonl|csv]`: the human corrections made in the chat (SQLite, or PostgreSQL
// with DATABASE_URL), with who made them and when, which model they corrected and under which codebook; gold for
// `evaluate` (which reads them here too).
import { ANNOTATION_FIELDS } from "../../contract/annotation";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatOf, type TableFormat } from "../annotation/files";
import { loadConfig, type Config } from "../config";
import { createLogger } from "../log";
import { openStores } from "../storage/open";
import type { HumanLabel } from "../../contract/threads";
import { csvDocument } from "../export/csv";
import { SqliteStorage } from "../storage/sqlite";
import { defineCommand, UsageError } from "./args";
import { countWith } from "../../contract/plural";
import { say } from "./lang";

const USAGE = {
  ro: `npm run cli -- export-labels [--out etichete.jsonl|etichete.csv] [--format jsonl|csv]

  Fără --out, etichetele se scriu la ieșirea standard (implicit JSONL).`,
  en: `npm run cli -- export-labels [--out labels.jsonl|labels.csv] [--format jsonl|csv]

  Without --out, the labels go to the standard output (JSONL by default).`,
};

const TEXT = {
  ro: {
    format: (got: string) => `--format este jsonl sau csv (primit „${got}”)`,
    written: (n: number, file: string) => `${countWith(n, ["etichetă", "etichete"])} → ${file}\n`,
    summary: "Exportă corecturile umane ale adnotărilor (cine, când, ce model, ce versiune de codebook).",
  },
  en: {
    format: (got: string) => `--format is jsonl or csv (got "${got}")`,
    written: (n: number, file: string) => `${countWith(n, ["label", "labels"], "en")} → ${file}\n`,
    summary: "Exports the human corrections of annotations (who, when, which model, which codebook version).",
  },
};

export const LABEL_COLUMNS = [
  "id",
  "text",
  ...ANNOTATION_FIELDS,
  "annotator",
  "created_at",
  "corrected_model",
  "codebook_version",
  "message_id",
  "target",
] as const;

/** One exported row: the corrected labels flat, in the field names `evaluate` reads as gold. */
export function labelRow(label: HumanLabel): Record<(typeof LABEL_COLUMNS)[number], unknown> {
  const a = label.annotation;
  return {
    id: label.id,
    text: label.text,
    ton: a.ton,
    populism: a.populism,
    anti_elitism: a.anti_elitism,
    popor_central: a.popor_central,
    tema: a.tema,
    tinta: a.tinta,
    incredere: a.incredere,
    justificare: a.justificare,
    dovezi: a.dovezi ?? [],
    annotator: label.annotator,
    created_at: label.createdAt,
    corrected_model: label.correctedModel ?? null,
    codebook_version: label.codebookVersion,
    message_id: label.messageId,
    target: label.target,
  };
}

export function labelsAs(labels: HumanLabel[], format: TableFormat): string {
  const rows = labels.map(labelRow);
  if (format === "jsonl") return rows.map((row) => JSON.stringify(row) + "\n").join("");
  return csvDocument(
    LABEL_COLUMNS,
    rows.map((row) => LABEL_COLUMNS.map((c) => row[c])),
  );
}

/**
 * The stored labels: from PostgreSQL on a class deployment (DATABASE_URL), else from DATA_DIR's SQLite file; none (and
 * no database created) when the app has never run with this DATA_DIR.
 */
export async function storedLabels(config: Config): Promise<HumanLabel[]> {
  if (config.DATABASE_URL) {
    const stores = await openStores(config, createLogger({ ...config, LOG_LEVEL: "warn" }), { role: "cli" });
    try {
      return await stores.storage.listLabels();
    } finally {
      await stores.close();
    }
  }
  const dbFile = path.join(path.resolve(config.DATA_DIR), "echochamber.db");
  if (!existsSync(dbFile)) return [];
  const storage = new SqliteStorage(dbFile);
  try {
    return await storage.listLabels();
  } finally {
    await storage.close();
  }
}

export const command = defineCommand({
  name: "export-labels",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  options: { out: { type: "string" }, format: { type: "string" } },
  async run({ values }) {
    if (values.format && values.format !== "jsonl" && values.format !== "csv") {
      throw new UsageError(say(TEXT).format(values.format));
    }
    const format: TableFormat =
      (values.format as TableFormat | undefined) ??
      (values.out ? (formatOf(values.out) ?? "jsonl") : "jsonl");
    const labels = await storedLabels(loadConfig());
    const content = labelsAs(labels, format);
    if (values.out) {
      writeFileSync(values.out, content);
      process.stderr.write(say(TEXT).written(labels.length, values.out));
    } else process.stdout.write(content);
    return 0;
  },
});
