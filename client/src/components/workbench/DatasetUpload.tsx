// A new data set from a file: drop it (or pick it), watch it upload, look at the first rows, map the columns and
// create the data set; the import's per-line report follows. A refused file gets the server's message in the
// UI's language and nothing is kept half-imported; the form keeps what was chosen when creating fails.
import { useEffect, useRef, useState } from "react";
import { encodingName } from "../../../../contract/encodings";
import type { DatasetSkipReason, DatasetSummary, UploadPreview } from "../../../../contract/workbench";
import { countOf, NOUNS } from "../../plural";
import { formatBytes } from "../../format";
import { useI18n } from "../../i18nContext";
import { fileProblem } from "../../state/datasetImport";
import {
  createDatasetRequest,
  draftFromPreview,
  hasTextEncoding,
  looksMisdecoded,
  mappingProblems,
  type MappingDraft,
} from "../../state/datasetMapping";
import { keepMappingInProgress, mappingInProgress } from "../../state/uploadInProgress";
import { createDataset, discardUpload, uploadFile, type UploadHandle } from "../../workbenchApi";
import { FileDrop } from "../FileDrop";
import { errorText, isAbort } from "./errorText";
import { MappingForm } from "./MappingForm";
import { ScrollRegion } from "../ScrollRegion";

const ACCEPT = ".csv,.tsv,.tab,.txt,.xlsx,.jsonl,.ndjson,.json";
const PREVIEW_CELL_CHARS = 120;

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; fileName: string; share: number }
  | { kind: "mapping"; preview: UploadPreview; draft: MappingDraft; creating: boolean };

/** What the file is: name, size, format, its encoding where it has one (an XLSX has none), columns, delimiter. */
export function UploadSummary({ preview }: { preview: UploadPreview }) {
  const { t, lang } = useI18n();
  const params = {
    file: preview.fileName,
    size: formatBytes(preview.bytes, lang),
    format: preview.format.toUpperCase(),
    encoding: encodingName(preview.encoding),
    columns: countOf(preview.columns.length, NOUNS.column, lang),
  };
  return (
    <p className="hint" data-testid="dataset-upload-summary">
      {hasTextEncoding(preview.format)
        ? t("wb.upload.summary", params)
        : t("wb.upload.summaryNoEncoding", params)}
      {preview.delimiter && ` · ${t("wb.upload.delimiter", { d: JSON.stringify(preview.delimiter) })}`}
    </p>
  );
}

function PreviewTable({ preview }: { preview: UploadPreview }) {
  const { t, lang } = useI18n();
  const caption = t("wb.upload.previewCaption", { n: countOf(preview.rows.length, NOUNS.row, lang) });
  return (
    <ScrollRegion label={caption} className="table-scroll wb-preview">
      <table className="compare-table" data-testid="dataset-preview">
        <caption className="hint">{caption}</caption>
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, i) => (
            <tr key={i}>
              {preview.columns.map((c) => {
                const cell = row[c] ?? "";
                return (
                  <td key={c} title={cell.length > PREVIEW_CELL_CHARS ? cell : undefined}>
                    {cell.length > PREVIEW_CELL_CHARS ? `${cell.slice(0, PREVIEW_CELL_CHARS)}…` : cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function DatasetUpload({
  maxUploadBytes,
  onCreated,
}: {
  maxUploadBytes: number | undefined;
  onCreated: (dataset: DatasetSummary) => void;
}) {
  const { t, lang } = useI18n();
  // A mapping left for another page comes back as it was (it lives as long as the browser tab).
  const [phase, setPhase] = useState<Phase>(() => {
    const kept = mappingInProgress();
    return kept ? { kind: "mapping", ...kept, creating: false } : { kind: "idle" };
  });
  useEffect(() => {
    keepMappingInProgress(
      phase.kind === "mapping" ? { preview: phase.preview, draft: phase.draft } : undefined,
    );
  }, [phase]);
  const [error, setError] = useState<string>();
  const upload = useRef<UploadHandle | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function send(file: File) {
    setError(undefined);
    const problem = fileProblem(file, maxUploadBytes);
    if (problem) {
      // A refused file replaces the one before it: its preview goes, so nothing is created from it by mistake.
      cancel();
      setError(
        problem.key === "upload.tooBig"
          ? t("wb.upload.tooBig", { file: file.name, limit: formatBytes(problem.limitBytes, lang) })
          : t("wb.upload.emptyFile", { file: file.name }),
      );
      if (input.current) input.current.value = "";
      return;
    }
    upload.current?.abort();
    setPhase({ kind: "uploading", fileName: file.name, share: 0 });
    const handle = uploadFile(file, (share) =>
      setPhase((p) => (p.kind === "uploading" ? { ...p, share } : p)),
    );
    upload.current = handle;
    try {
      const preview = await handle.done;
      if (upload.current !== handle) return;
      // Kept here too: a page left while the file was uploading finds its preview when it comes back.
      const mapping = { preview, draft: draftFromPreview(preview) };
      keepMappingInProgress(mapping);
      setPhase({ kind: "mapping", ...mapping, creating: false });
    } catch (err) {
      // An upload replaced by the next file dropped leaves the screen to that one.
      if (upload.current !== handle) return;
      setPhase({ kind: "idle" });
      if (!isAbort(err)) setError(errorText(err, t));
    } finally {
      if (upload.current === handle) upload.current = null;
      // The same file can be picked again after a refusal.
      if (input.current) input.current.value = "";
    }
  }

  async function create() {
    if (phase.kind !== "mapping") return;
    const request = createDatasetRequest(
      phase.preview.uploadId,
      phase.draft,
      phase.preview.columns,
      phase.preview.rows,
    );
    if (!request) return;
    setError(undefined);
    setPhase({ ...phase, creating: true });
    try {
      const { dataset } = await createDataset(request);
      keepMappingInProgress(undefined);
      setPhase({ kind: "idle" });
      onCreated(dataset);
    } catch (err) {
      setPhase((p) => (p.kind === "mapping" ? { ...p, creating: false } : p));
      setError(errorText(err, t));
    }
  }

  function cancel() {
    upload.current?.abort();
    if (phase.kind === "mapping") {
      discardUpload(phase.preview.uploadId).catch((err: unknown) =>
        console.warn("could not discard the upload", err),
      );
    }
    setPhase({ kind: "idle" });
    setError(undefined);
  }

  const problems =
    phase.kind === "mapping" ? mappingProblems(phase.draft, phase.preview.columns, phase.preview.rows) : [];

  return (
    <section className="wb-card wb-upload" aria-labelledby="wb-upload-title">
      <h3 id="wb-upload-title">{t("wb.upload.title")}</h3>
      <FileDrop
        title={t("wb.upload.drop")}
        hint={
          t("wb.upload.formats") +
          (maxUploadBytes !== undefined
            ? ` · ${t("wb.upload.limit", { limit: formatBytes(maxUploadBytes, lang) })}`
            : "")
        }
        accept={ACCEPT}
        inputRef={input}
        testIds={{ drop: "dataset-drop", input: "dataset-upload" }}
        onFile={(file) => void send(file)}
      />

      {phase.kind === "uploading" && (
        <div className="wb-uploading" role="status">
          <span>{t("wb.upload.sending", { file: phase.fileName })}</span>
          <div
            className="progress"
            role="progressbar"
            aria-label={t("wb.upload.sending", { file: phase.fileName })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(phase.share * 100)}
          >
            <div className="progress-fill" style={{ width: `${phase.share * 100}%` }} />
          </div>
          <button type="button" className="ghost-button small" onClick={cancel}>
            {t("wb.cancel")}
          </button>
        </div>
      )}

      {error && (
        <p className="error-text" role="alert" data-testid="dataset-error">
          {error}
        </p>
      )}

      {phase.kind === "mapping" && (
        <div className="wb-mapping-step" data-testid="dataset-mapping">
          <UploadSummary preview={phase.preview} />
          {looksMisdecoded(phase.preview.rows) && (
            <p className="note note-warn" role="status">
              {t("wb.upload.misdecoded")}
            </p>
          )}
          {Object.entries(phase.preview.skipped ?? {}).map(([reason, s]) => (
            <p key={reason} className="note note-warn" role="status" data-testid="dataset-preview-skipped">
              {t("wb.upload.previewSkipped", {
                reason: t(`wb.skip.${reason as DatasetSkipReason}`),
                lines: countOf(s.count, NOUNS.line, lang),
                first: s.lines[0] ?? "",
              })}
            </p>
          ))}
          <PreviewTable preview={phase.preview} />
          <MappingForm
            preview={phase.preview}
            draft={phase.draft}
            onChange={(draft) => setPhase({ ...phase, draft })}
            problems={problems}
          />
          <div className="wb-actions">
            <button
              type="button"
              className="send-button"
              data-testid="dataset-create"
              disabled={problems.length > 0 || phase.creating}
              onClick={() => void create()}
            >
              {phase.creating ? t("wb.upload.creating") : t("wb.upload.create")}
            </button>
            <button type="button" className="ghost-button" onClick={cancel}>
              {t("wb.cancel")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
