// The comparison in the chat: a toggle next to the input that sends the message to 2–3 models of the chain with the
// same retrieved sources, and the result as columns (answer, timings, annotation with disagreements highlighted),
// with the shared sources listed once. The result lives beside the thread, not in its history.
import { useCallback, useRef, useState } from "react";
import type { ChatCompareResponse } from "../../../../contract/compare";
import type { ChatSettings } from "../../../../contract/settings";
import { ApiError, compareInChat } from "../../api";
import { formatMs } from "../../format";
import { useI18n } from "../../i18nContext";
import { compareChatColumns } from "../../state/compare";
import { AnswerMarkdown } from "../AnswerMarkdown";
import { GroundingSummary } from "../AnswerQuality";
import { sourceLabel, sourceMetaLine } from "../SourceList";

export interface ChatCompareState {
  question: string;
  loading: boolean;
  result?: ChatCompareResponse;
  error?: string;
}

/**
 * Sends one message for comparison; the last one's state. A new send or a close abandons the one before: its
 * result, arriving later, neither reopens the panel nor replaces a newer comparison.
 */
export function useChatCompare() {
  const [state, setState] = useState<ChatCompareState>();
  const current = useRef<AbortController | null>(null);
  const run = useCallback(async (text: string, models: string[], settings: ChatSettings | undefined) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState({ question: text, loading: true });
    try {
      const result = await compareInChat(
        {
          text,
          models,
          ...(settings?.temperature !== undefined ? { temperature: settings.temperature } : {}),
          ...(settings?.topK !== undefined ? { topK: settings.topK } : {}),
          ...(settings?.filters ? { filters: settings.filters } : {}),
        },
        controller.signal,
      );
      if (current.current === controller) setState({ question: text, loading: false, result });
    } catch (err) {
      if (current.current !== controller) return;
      const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
      setState({ question: text, loading: false, error: message });
    }
  }, []);
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
                    <strong>{sourceLabel(s)}</strong>{" "}
                    <span className="hint">{sourceMetaLine(lang, s.meta)}</span>
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
