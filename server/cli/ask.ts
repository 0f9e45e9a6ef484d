// `ask "<question>" [--json]`: one chat turn through the same graph as the server, without the server.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_ATTACHMENT_QUESTION, decodeTextFile, type Attachment } from "../../contract/attachments";
import { checkAttachments } from "../attachments/attachments";
import type { Config } from "../config";
import { openRuntime } from "../bootstrap";
import { citedDate } from "../../contract/corpus";
import { AppError, toUserError } from "../../contract/errors";
import { runTurn } from "../chat/runTurn";
import { TEMPERATURE_RANGE, TOP_K_RANGE } from "../../contract/settings";
import { defineCommand, intFlag, numberFlag } from "./args";
import { groundingLines } from "./groundingLines";
import { createTurnPrinter } from "./turnPrinter";
import { cliLang } from "./lang";

const USAGE = {
  ro: `npm run cli -- ask "<întrebare>" [--json] [--model ID] [--temperature T] [--top-k K] [--attach FIȘIER]...`,
  en: `npm run cli -- ask "<question>" [--json] [--model ID] [--temperature T] [--top-k K] [--attach FILE]...`,
};

/** What `ask` prints around the answer, in both languages. */
const TEXT = {
  ro: {
    sources: "\nSurse:\n",
    attached: "text atașat",
    annotation: (model: string, ton: string, populism: boolean, tema: string, incredere: string) =>
      `\nAdnotarea mesajului (${model}): ton ${ton}, populism ${populism ? "da" : "nu"}, temă ${tema}, încredere ${incredere}\n`,
    summary: "Pune o întrebare corpusului, prin graful de chat (fără server).",
  },
  en: {
    sources: "\nSources:\n",
    attached: "attached text",
    annotation: (model: string, ton: string, populism: boolean, tema: string, incredere: string) =>
      `\nThe message's annotation (${model}): tone ${ton}, populism ${populism ? "yes" : "no"}, topic ${tema}, confidence ${incredere}\n`,
    summary: "Asks the corpus a question, through the chat graph (without the server).",
  },
};

/** The files of `--attach` as attachments, read as the browser reads them (UTF-8, else windows-1250). */
function readAttachments(files: readonly string[], config: Config): Attachment[] {
  const attachments = files.map((file) => {
    const name = path.basename(file);
    const decoded = decodeTextFile(new Uint8Array(readFileSync(file)));
    if (!decoded.ok) {
      throw new AppError(
        decoded.problem === "binary" ? "input:attachment_binary" : "input:attachment_empty",
        {
          name,
        },
      );
    }
    return { name, text: decoded.text };
  });
  return checkAttachments(attachments, config);
}

export const command = defineCommand({
  name: "ask",
  summary: { ro: TEXT.ro.summary, en: TEXT.en.summary },
  usage: USAGE,
  positionals: true,
  options: {
    json: { type: "boolean", default: false },
    model: { type: "string" },
    temperature: { type: "string" },
    "top-k": { type: "string" },
    attach: { type: "string", multiple: true, default: [] },
  },
  async run({ values, positionals }) {
    const lang = cliLang();
    const t = TEXT[lang];
    const temperature = numberFlag("--temperature", values.temperature, TEMPERATURE_RANGE);
    const topK = intFlag("--top-k", values["top-k"], TOP_K_RANGE);
    const files = values.attach ?? [];
    const question = positionals.join(" ").trim() || (files.length ? DEFAULT_ATTACHMENT_QUESTION : "");
    if (!question) {
      process.stderr.write(`${toUserError(new AppError("input:empty"), lang).message}\n${USAGE[lang]}\n`);
      return 2;
    }
    const runtime = await openRuntime({ buildIfMissing: true });
    let attachments: Attachment[];
    try {
      attachments = readAttachments(files, runtime.config);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      process.stderr.write(`${toUserError(err, lang).message}\n`);
      return 2;
    }
    if (question.length > runtime.config.MAX_MESSAGE_CHARS) {
      const err = new AppError("input:too_long", {
        limit: runtime.config.MAX_MESSAGE_CHARS,
        length: question.length,
      });
      process.stderr.write(`${toUserError(err, lang).message}\n`);
      return 2;
    }
    if (values.model) runtime.gateway.assertKnown(values.model);
    const json = values.json;
    const messageId = randomUUID();
    const printer = createTurnPrinter(
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
    const result = await runTurn(
      runtime,
      {
        messageId,
        question,
        settings: {
          model: values.model,
          temperature,
          topK,
        },
        ...(attachments.length ? { attachments: attachments.map((a) => ({ ...a, current: true })) } : {}),
      },
      {
        step: (e) => {
          if (!json) printer.step(e);
        },
        sources: () => {},
        annotation: () => {},
        token: (e) => {
          if (!json) printer.token(e.text);
        },
      },
    );
    printer.end();
    if (json) {
      const out = {
        answer: result.answer,
        model: result.model,
        fallbacks: result.fallbacks,
        sources: result.sources,
        annotation: result.annotation,
        timings: result.timings,
        usage: result.usage ?? null,
        annotationUsage: result.annotationUsage ?? null,
        grounding: result.grounding,
        refine: result.refine,
        // The temperature and top-k the turn used (the flags, else TEMPERATURE and TOP_K), as the chat records them.
        settings: result.settings,
      };
      process.stdout.write(JSON.stringify(out) + "\n");
    } else {
      process.stdout.write(t.sources);
      result.sources.forEach((s, i) => {
        process.stdout.write(
          s.meta.attachment
            ? `[${i + 1}] ${s.meta.source} · ${t.attached}\n`
            : `[${i + 1}] ${s.meta.source} · ${s.meta.platform} · ${citedDate(s.meta)}${s.meta.url ? ` · ${s.meta.url}` : ""}\n`,
        );
      });
      if (result.annotation) {
        const a = result.annotation.annotation;
        process.stdout.write(
          t.annotation(result.annotation.model, a.ton, a.populism, a.tema, a.incredere.toFixed(2)),
        );
      }
      if (result.grounding) process.stdout.write(groundingLines(result.grounding, lang));
      process.stdout.write(`Model: ${result.model} · ${result.timings.totalMs} ms\n`);
    }
    return 0;
  },
});
