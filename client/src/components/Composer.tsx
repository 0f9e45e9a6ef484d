// The input box: Enter sends, Shift+Enter adds a line, a counter near the length limit, and a stop button
// in place of send while an answer streams.
import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useI18n } from "../i18nContext";

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  onStop: () => void;
  /** An answer is streaming: show stop instead of send. */
  streaming: boolean;
  stopping: boolean;
  /** A message waits for its ack or an answer streams: sending now would be refused. */
  busy: boolean;
  maxChars: number;
  /** Rendered above the input (the settings). */
  toolbar?: ReactNode;
}

/** The counter appears once the text reaches this share of the limit. */
const COUNTER_FROM = 0.8;
const MAX_INPUT_HEIGHT_PX = 240;

export function Composer({
  value,
  onChange,
  onSend,
  onStop,
  streaming,
  stopping,
  busy,
  maxChars,
  toolbar,
}: Props) {
  const { t } = useI18n();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const text = value.trim();
  const tooLong = value.length > maxChars;
  const canSend = text.length > 0 && !tooLong && !busy;

  // Grow with the text up to a limit, then scroll.
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_INPUT_HEIGHT_PX)}px`;
  }, [value]);

  useEffect(() => {
    if (!busy) inputRef.current?.focus({ preventScroll: true });
  }, [busy]);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (canSend) onSend(text);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME composition must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      {toolbar}
      <div className={`composer-box${tooLong ? " over" : ""}`}>
        <textarea
          ref={inputRef}
          data-testid="chat-input"
          rows={1}
          value={value}
          placeholder={t("composer.placeholder")}
          aria-label={t("composer.label")}
          aria-invalid={tooLong}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <button
            type="button"
            className="stop-button"
            data-testid="stop"
            onClick={onStop}
            disabled={stopping}
          >
            <span aria-hidden="true">■</span> {stopping ? t("composer.stopping") : t("composer.stop")}
          </button>
        ) : (
          <button type="submit" className="send-button" data-testid="send" disabled={!canSend}>
            {t("composer.send")} <span aria-hidden="true">↵</span>
          </button>
        )}
      </div>
      <div className="composer-foot">
        <span className="hint">
          {tooLong
            ? t("composer.tooLong", { limit: maxChars })
            : busy && text
              ? t("composer.busy")
              : t("composer.hint")}
        </span>
        {value.length >= maxChars * COUNTER_FROM && (
          <span className={`counter${tooLong ? " over" : ""}`} aria-live="polite">
            {value.length}/{maxChars}
          </span>
        )}
      </div>
    </form>
  );
}
