// Bringing texts in: a file (with upload progress) or a feed's address, then the preview (format, encoding that can
// be forced, skipped lines, first rows or documents: ImportPreview.tsx), the column mapping, platform, source and collection name, and the button
// that starts the import job. Errors are the server's, in the UI's language.
import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  CORPUS_ACCEPT,
  type CorpusJobResponse,
  type CorpusPreview,
  type CorpusStatus,
} from "../../../../contract/corpusPage";
import { KNOWN_PLATFORMS } from "../../../../contract/corpus";
import { encodingName, FORCED_ENCODINGS } from "../../../../contract/encodings";
import { inLanguage, type UserError } from "../../../../contract/errors";
import {
  discardUpload,
  fetchFeed,
  previewWithEncoding,
  startImport,
  uploadCorpusFile,
} from "../../corpusApi";
import { formatBytes } from "../../format";
import { countOf, NOUNS } from "../../plural";
import type { MessageKey } from "../../i18n";
import { platformName } from "../../corpusNames";
import { useI18n } from "../../i18nContext";
import {
  formFromPreview,
  formProblems,
  importRequest,
  MAPPED_FIELDS,
  overLimit,
  replacedCollection,
  type ImportForm,
  type MappedField,
} from "../../state/corpusImport";
import { keptError } from "../../keptError";
import { FileDrop } from "../FileDrop";
import { importDraft, keepImportDraft } from "../../state/corpusDraft";
import {
  LargeFileNote,
  PlatformHint,
  PreviewFormat,
  PreviewSkipped,
  PreviewTable,
  PreviewWarnings,
} from "./ImportPreview";

const FIELD_LABELS: Record<MappedField, MessageKey> = {
  text: "corpus.map.text",
  id: "corpus.map.id",
  date: "corpus.map.date",
  title: "corpus.map.title2",
  url: "corpus.map.url",
};

/**
 * The panel's error, kept as what it is so that a switch of language says it again: the server's (its code and
 * parameters) or the page's own (a file over the limit, caught before it is sent).
 */
type PanelError = UserError | { tooLarge: { name: string; bytes: number } };

interface Props {
  status: CorpusStatus | undefined;
  onStarted(started: CorpusJobResponse): void;
}

export function ImportPanel({ status, onStarted }: Props) {
  const { t, lang } = useI18n();
  // The draft outlives the page: another tab of the app and back finds the preview and the mapping as they were.
  const [mode, setMode] = useState<"file" | "feed">(() => importDraft().mode);
  const [preview, setPreview] = useState<CorpusPreview | undefined>(() => importDraft().preview);
  const [form, setForm] = useState<ImportForm | undefined>(() => importDraft().form);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<PanelError | null>(null);
  const [feedUrl, setFeedUrl] = useState(() => importDraft().feedUrl);
  useEffect(() => keepImportDraft({ mode, preview, form, feedUrl }), [mode, preview, form, feedUrl]);
  const fileInput = useRef<HTMLInputElement>(null);
  const inflight = useRef<AbortController | null>(null);
  useEffect(() => () => inflight.current?.abort(), []);

  const limit = status ? formatBytes(status.limits.maxUploadBytes, lang) : "";

  const show = (next: CorpusPreview, encoding = "") => {
    setPreview(next);
    setForm(formFromPreview(next, encoding));
  };

  /** The preview shown goes (a new file or feed replaces it, whether or not that one can be read). */
  const dropPreview = () => {
    if (preview) void discardUpload(preview.uploadId).catch(() => undefined);
    setPreview(undefined);
    setForm(undefined);
  };

  const reset = () => {
    dropPreview();
    setError(null);
    if (fileInput.current) fileInput.current.value = "";
  };

  const onFile = async (file: File) => {
    setError(null);
    dropPreview();
    if (overLimit(file.size, status)) {
      setError({ tooLarge: { name: file.name, bytes: file.size } });
      if (fileInput.current) fileInput.current.value = "";
      return;
    }
    const controller = new AbortController();
    inflight.current = controller;
    setBusy(t("corpus.add.uploading", { name: file.name, percent: 0 }));
    try {
      const next = await uploadCorpusFile(
        file,
        (share) =>
          setBusy(
            share < 1
              ? t("corpus.add.uploading", { name: file.name, percent: Math.round(share * 100) })
              : t("corpus.add.reading"),
          ),
        controller.signal,
      );
      show(next);
    } catch (err) {
      if (!controller.signal.aborted) setError(keptError(err));
      if (fileInput.current) fileInput.current.value = "";
    } finally {
      setBusy(null);
    }
  };

  const onFeed = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    dropPreview();
    const controller = new AbortController();
    inflight.current = controller;
    setBusy(
      t("corpus.add.fetching", { seconds: Math.round((status?.limits.feedTimeoutMs ?? 15000) / 1000) }),
    );
    try {
      show(await fetchFeed(feedUrl, controller.signal));
    } catch (err) {
      if (!controller.signal.aborted) setError(keptError(err));
    } finally {
      setBusy(null);
    }
  };

  const changeEncoding = async (encoding: string) => {
    if (!preview) return;
    setError(null);
    setBusy(t("corpus.add.reading"));
    try {
      show(await previewWithEncoding(preview.uploadId, encoding || undefined), encoding);
    } catch (err) {
      setError(keptError(err));
    } finally {
      setBusy(null);
    }
  };

  const start = async () => {
    if (!preview || !form) return;
    setError(null);
    setBusy(t("corpus.add.reading"));
    try {
      const started = await startImport(importRequest(form, preview));
      setPreview(undefined);
      setForm(undefined);
      if (fileInput.current) fileInput.current.value = "";
      onStarted(started);
    } catch (err) {
      setError(keptError(err));
    } finally {
      setBusy(null);
    }
  };

  const problems = preview && form ? formProblems(form, preview) : [];
  const replaces = form ? replacedCollection(form, status) : undefined;
  const set = (change: Partial<ImportForm>) => setForm((f) => (f ? { ...f, ...change } : f));

  return (
    <section className="corpus-card" aria-labelledby="corpus-add-title">
      <h3 id="corpus-add-title">{t("corpus.add.title")}</h3>
      <div className="segmented" role="group">
        <button type="button" aria-pressed={mode === "file"} onClick={() => setMode("file")}>
          {t("corpus.add.file")}
        </button>
        <button type="button" aria-pressed={mode === "feed"} onClick={() => setMode("feed")}>
          {t("corpus.add.feed")}
        </button>
      </div>
      {mode === "file" ? (
        <div className="corpus-add-row">
          <FileDrop
            title={t("corpus.add.drop")}
            hint={t("corpus.add.fileHint", { limit })}
            accept={CORPUS_ACCEPT}
            disabled={busy !== null}
            inputRef={fileInput}
            testIds={{ drop: "corpus-drop", input: "corpus-upload" }}
            onFile={(file) => void onFile(file)}
          />
        </div>
      ) : (
        <form className="corpus-add-row" onSubmit={(e) => void onFeed(e)}>
          <label className="field wide">
            <span>{t("corpus.add.feedUrl")}</span>
            <input
              type="url"
              required
              value={feedUrl}
              placeholder={t("corpus.add.feedPlaceholder")}
              data-testid="corpus-feed-url"
              onChange={(e) => setFeedUrl(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="primary-button"
            disabled={busy !== null}
            data-testid="corpus-feed-fetch"
          >
            {t("corpus.add.fetch")}
          </button>
        </form>
      )}
      {busy && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {busy}
        </p>
      )}
      {error && (
        <p className="corpus-error" role="alert" data-testid="corpus-error">
          {"tooLarge" in error
            ? t("corpus.add.tooLarge", {
                name: error.tooLarge.name,
                size: formatBytes(error.tooLarge.bytes, lang),
                limit,
              })
            : inLanguage(error, lang)}
        </p>
      )}
      {preview && form && (
        <div className="corpus-preview" data-testid="corpus-preview">
          <h4>{t("corpus.preview.title", { name: preview.fileName })}</h4>
          <dl className="corpus-facts">
            <dt>{t("corpus.preview.format")}</dt>
            <dd>
              <PreviewFormat preview={preview} />
            </dd>
            <dt>{t("corpus.preview.encoding")}</dt>
            <dd>
              {preview.format === "xlsx" ? (
                encodingName(preview.encoding)
              ) : (
                <select
                  value={form.encoding}
                  aria-label={t("corpus.preview.forceEncoding")}
                  data-testid="corpus-encoding"
                  onChange={(e) => void changeEncoding(e.target.value)}
                >
                  <option value="">
                    {encodingName(preview.encoding)} —{" "}
                    {t("corpus.preview.encodingAuto", { method: preview.encodingMethod })}
                  </option>
                  {FORCED_ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {encodingName(enc)}
                    </option>
                  ))}
                </select>
              )}
            </dd>
            <dt>{t("corpus.preview.size")}</dt>
            <dd>{formatBytes(preview.bytes, lang)}</dd>
          </dl>
          <PreviewWarnings preview={preview} />
          <PreviewSkipped preview={preview} />
          <PreviewTable preview={preview} platform={form.platform} />
          <fieldset className="corpus-mapping">
            <legend>{t("corpus.map.title")}</legend>
            {preview.tabular ? (
              MAPPED_FIELDS.map((field) => (
                <label key={field} className="field">
                  <span>{t(FIELD_LABELS[field])}</span>
                  <select
                    value={form[field]}
                    data-testid={field === "text" ? "corpus-text-col" : `corpus-${field}-col`}
                    onChange={(e) => set({ [field]: e.target.value })}
                  >
                    <option value="">{t(field === "text" ? "corpus.map.choose" : "corpus.map.none")}</option>
                    {preview.columns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              ))
            ) : (
              <p className="hint">{t("corpus.map.fixed")}</p>
            )}
            <label className="field">
              <span>{t("corpus.map.platform")}</span>
              <input
                type="text"
                value={form.platform}
                maxLength={40}
                placeholder={preview.defaults.platform}
                data-testid="corpus-platform"
                list="corpus-platforms"
                onChange={(e) => set({ platform: e.target.value })}
              />
              <PlatformHint preview={preview} />
            </label>
            <datalist id="corpus-platforms">
              {KNOWN_PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {platformName(lang, p)}
                </option>
              ))}
            </datalist>
            <label className="field">
              <span>{t("corpus.map.source")}</span>
              <input
                type="text"
                value={form.source}
                maxLength={200}
                placeholder={preview.defaults.sourceColumn ?? preview.defaults.source}
                data-testid="corpus-source"
                onChange={(e) => set({ source: e.target.value })}
              />
              <small className="hint">
                {t("corpus.map.sourceHint", {
                  source: preview.defaults.sourceColumn
                    ? t("corpus.map.sourceColumn", { column: preview.defaults.sourceColumn })
                    : preview.defaults.source,
                })}
              </small>
            </label>
            <label className="field">
              <span>{t("corpus.map.collection")}</span>
              <input
                type="text"
                value={form.collection}
                maxLength={80}
                data-testid="corpus-collection"
                onChange={(e) => set({ collection: e.target.value })}
              />
              <small className="hint">{t("corpus.map.collectionHint")}</small>
            </label>
          </fieldset>
          {problems.map((p) => (
            <p key={p} className="corpus-error">
              {t(p === "needText" ? "corpus.map.needText" : "corpus.map.collectionBad")}
            </p>
          ))}
          <LargeFileNote bytes={preview.bytes} />
          {replaces && (
            <p className="corpus-warning" role="note">
              {t("corpus.map.replaces", {
                name: replaces.name,
                documents: countOf(replaces.documents, NOUNS.document, lang),
              })}
            </p>
          )}
          <div className="corpus-actions">
            <button
              type="button"
              className="primary-button"
              data-testid="corpus-import"
              disabled={problems.length > 0 || busy !== null}
              onClick={() => void start()}
            >
              {t("corpus.import.start")}
            </button>
            {/* Not while the import starts: cancelling deletes the upload the import is reading. */}
            <button
              type="button"
              className="ghost-button"
              disabled={busy !== null}
              data-testid="corpus-cancel"
              onClick={reset}
            >
              {t("corpus.add.cancel")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
