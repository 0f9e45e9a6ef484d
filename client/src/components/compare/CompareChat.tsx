// The comparison in the chat: a toggle next to the input that sends the message to 2–3 models of the chain with the
// same retrieved sources, and the result as columns (answer, timings, annotation with disagreements highlighted),
// with the shared sources listed once. The message's attachments (and the thread's) are searched as in the chat, so
// every model sees the same passages of them. The result lives beside the thread, not in its history.
import { useCallback, useRef, useState } from "react";
import type { Attachment, StoredAttachment } from "../../../../contract/attachments";
import type { ChatCompareResponse } from "../../../../contract/compareChat";
import type { ChatSettings } from "../../../../contract/settings";
import { ApiError, compareInChat } from "../../api";
import { formatMs } from "../../format";
import { useI18n } from "../../i18nContext";
import { compareChatColumns } from "../../state/compare";
import { AnswerMarkdown } from "../AnswerMarkdown";
import { GroundingSummary } from "../AnswerQuality";
import { AttachmentChips } from "../AttachmentChips";
import { sourceLabel, sourceLine } from "../SourceList";

export interface ChatCompareState {
  question: string;
  /** The message's attachments, as its chips show them. */
  attachments: StoredAttachment[];
  loading: boolean;
  result?: ChatCompareResponse;
  error?: string;
}

/** What a comparison asks with besides its text: the message's attachments and the thread it is asked beside. */
export interface ChatCompareExtra {
  attachments?: Attachment[];
  /** The open thread, whose earlier attachments the server searches too. */
  threadId?: string;
  /** The thread's answer shown last: the attachments searched are those of the path to it. */
  follows?: string;
}

/**
 * Sends one message for comparison; the last one's state. A new send or a close abandons the one before: its
 * result, arriving later, neither reopens the panel nor replaces a newer comparison. Resolves false when the
 * comparison failed (the caller gives the attachments back to the composer).
 */
export function useChatCompare() {
  const [state, setState] = useState<ChatCompareState>();
  const current = useRef<AbortController | null>(null);
  const run = useCallback(
    async (
      text: string,
      models: string[],
      settings: ChatSettings | undefined,
      extra: ChatCompareExtra = {},
    ): Promise<boolean> => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const attachments = extra.attachments ?? [];
      const shown = {
        question: text,
        attachments: attachments.map((a) => ({ name: a.name, chars: a.text.trim().length })),
      };
      setState({ ...shown, loading: true });
      try {
        const result = await compareInChat(
          {
            text,
            models,
            ...(settings?.temperature !== undefined ? { temperature: settings.temperature } : {}),
            ...(settings?.topK !== undefined ? { topK: settings.topK } : {}),
            ...(settings?.filters ? { filters: settings.filters } : {}),
            ...(attachments.length ? { attachments } : {}),
            ...(extra.threadId ? { threadId: extra.threadId } : {}),
            ...(extra.threadId && extra.follows ? { follows: extra.follows } : {}),
          },
          controller.signal,
        );
        // The question the server asked: the chat's default one for an attachment sent without text.
        if (current.current === controller)
          setState({ ...shown, question: result.question, loading: false, result });
        return true;
      } catch (err) {
        if (current.current !== controller) return true;
        const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
        setState({ ...shown, loading: false, error: message });
        return false;
      }
    },
    [],
  );
  const close = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setState(undefined);
  }, []);
  return { state, run, close };
}

interface ToggleProps {
  available: string[];
  on: boolean;
  selected: string[];
  onToggle: () => void;
  onChange: (models: string[]) => void;
}

export function CompareChatToggle({ available, on, selected, onToggle, onChange }: ToggleProps) {
  const { t } = useI18n();
  if (available.length < 2) return null;
  return (
    <div className="compare-toggle">
      <button
        type="button"
        className="ghost-button"
        data-testid="compare-chat-toggle"
        aria-pressed={on}
        title={t("compareChat.toggleHint")}
        onClick={onToggle}
      >
        ⇆ {t("compareChat.toggle")}
      </button>
      {on && (
        <fieldset className="compare-pick" aria-label={t("compareChat.pick")}>
          {available.map((id) => {
            const checked = selected.includes(id);
            return (
              <label key={id} className="check">
                <input
                  type="checkbox"
                  data-testid="compare-chat-model"
                  value={id}
                  checked={checked}
                  disabled={!checked && selected.length >= 3}
                  onChange={() => onChange(checked ? selected.filter((m) => m !== id) : [...selected, id])}
                />
                <code>{id}</code>
              </label>
            );
          })}
          {(selected.length < 2 || selected.length > 3) && (
            <span className="hint">{t("compareChat.needModels")}</span>
          )}
        </fieldset>
      )}
    </div>
  );
}

const noCite = () => undefined;

export function CompareChatPanel({ state, onClose }: { state: ChatCompareState; onClose: () => void }) {
  const { t, lang } = useI18n();
  const result = state.result;
  return (
    <section className="compare-chat" data-testid="compare-chat" aria-live="polite">
      <header className="compare-chat-head">
        <h2>{t("compareChat.title", { question: state.question })}</h2>
        <button type="button" className="link-button" onClick={onClose}>
          {t("compareChat.close")}
        </button>
      </header>
      <AttachmentChips attachments={state.attachments} />
      {state.loading && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t("compareChat.loading")}
        </p>
      )}
      {state.error && (
        <p className="error-text" role="alert">
          {state.error}
        </p>
      )}
      {result && (
        <>
          <div className="compare-columns" data-testid="compare-columns">
            {compareChatColumns(result).map((col) => (
              <article
                key={col.model}
                className="compare-column"
                data-testid="compare-column"
                data-model={col.model}
              >
                <h3>
                  <code>{col.model}</code>
                </h3>
                <p className="hint">
                  {t("meta.firstToken")}: {col.firstTokenMs === null ? "—" : formatMs(col.firstTokenMs, lang)}{" "}
                  · {t("meta.total")}: {formatMs(col.totalMs, lang)}
                </p>
                {col.error && <p className="error-text">{col.error}</p>}
                {col.answer ? (
                  <AnswerMarkdown
                    text={col.answer}
                    messageId={`compare-${col.model}`}
                    sourceCount={result.sources.length}
                    onCite={noCite}
                    grounding={col.grounding ?? undefined}
                  />
                ) : (
                  !col.error && <p className="hint">{t("message.empty")}</p>
                )}
                {col.grounding && <GroundingSummary grounding={col.grounding} />}
                <div className="compare-annotation">
                  <strong>{t("annotation.label")}</strong>{" "}
                  <span className="hint">{t("compareChat.annotatedBy", { model: col.annotationModel })}</span>
                  {col.fields.length > 0 ? (
                    <dl>
                      {col.fields.map((f) => (
                        <div
                          key={f.field}
                          className={f.differs ? "differs" : undefined}
                          data-testid={f.differs ? "annotation-difference" : undefined}
                          title={f.differs ? t("compareChat.differs") : undefined}
                        >
                          <dt>{f.field}</dt>
                          <dd>{f.value}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : (
                    <p className="hint">{col.annotationError ?? t("compareChat.noAnnotation")}</p>
                  )}
                </div>
              </article>
            ))}
          </div>
          {result.sources.length > 0 && (
            <details className="compare-sources">
              <summary>
                {t("compareChat.sources")} <span className="count">{result.sources.length}</span>
              </summary>
              <ol>
                {result.sources.map((s) => (
                  <li key={s.id}>
                    <strong>{sourceLabel(s)}</strong> <span className="hint">{sourceLine(lang, s)}</span>
                    <p>{s.text}</p>
                  </li>
                ))}
              </ol>
            </details>
          )}
        </>
      )}
    </section>
  );
}
