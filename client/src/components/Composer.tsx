// The input box: Enter sends, Shift+Enter adds a line, a counter near the length limit, and a stop button
// in place of send while an answer streams. A paperclip attaches text files, so does a file dropped on the composer
// (the same checks), and a long paste becomes an attachment (chips above the input, useAttachmentInput.ts).
import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { ATTACHMENT_CHARS } from "../../../contract/attachments";
import { formatCount } from "../format";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import type { DraftAttachment } from "../state/attachments";
import { AttachmentChips } from "./AttachmentChips";
import { PaperclipIcon } from "./Icons";
import { useAttachmentInput } from "./useAttachmentInput";
import { useFileDrop } from "./useFileDrop";

/** What the file picker offers: plain text, Markdown and CSV. */
const ACCEPTED_FILES = ".txt,.md,.csv,text/plain,text/markdown,text/csv";
const NO_ATTACHMENTS: DraftAttachment[] = [];

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Sends the text and the attachments (the text may be empty when there is one). */
  onSend: (text: string, attachments: DraftAttachment[]) => void;
  onStop: () => void;
  /** An answer is streaming: show stop instead of send. */
  streaming: boolean;
  stopping: boolean;
  /** A message waits for its ack or an answer streams: sending now would be refused. */
  busy: boolean;
  maxChars: number;
  /** Rendered above the input (the settings). */
  toolbar?: ReactNode;
  /** The message's attachments; without onAttachmentsChange the composer offers none. */
  attachments?: DraftAttachment[];
  onAttachmentsChange?: (next: DraftAttachment[]) => void;
  /** ATTACHMENT_MAX_CHARS, as the server says it. */
  maxAttachmentChars?: number;
  /** Presentation mode: a short placeholder, one line even at the largest text size beside a source panel. */
  compact?: boolean;
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
  attachments = NO_ATTACHMENTS,
  onAttachmentsChange,
  maxAttachmentChars = ATTACHMENT_CHARS.default,
  compact = false,
}: Props) {
  const { t, lang } = useI18n();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const attach = useAttachmentInput({
    attachments,
    onChange: onAttachmentsChange ?? (() => undefined),
    maxChars,
    maxAttachmentChars,
    t,
    lang,
  });
  const drop = useFileDrop({
    enabled: Boolean(onAttachmentsChange),
    paused: attach.reading,
    onFiles: (files) => void attach.onFiles(files),
  });
  const text = value.trim();
  const tooLong = value.length > maxChars;
  const canSend = (text.length > 0 || attachments.length > 0) && !tooLong && !busy && !attach.reading;

  // What the line under the input says, most urgent first (a refused attachment is said apart, as an alert).
  const hint = attach.reading
    ? t("attach.reading")
    : tooLong
      ? t("composer.tooLong", { limit: countOf(maxChars, NOUNS.character, lang) })
      : attach.notice && attachments.length > 0
        ? attach.notice
        : busy && (text || attachments.length > 0)
          ? t("composer.busy")
          : t("composer.hint");

  // Grow with the text (or the placeholder, which wraps) up to a limit, then scroll. The height is kept in em, so
  // that it follows a change of the font size (presentation mode, A+/A−); a change of width or text size (a narrower
  // window, the source panel opened, A+) measures again, or the placeholder's second line was cut in half.
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    fitInput(el);
    if (typeof ResizeObserver === "undefined") return;
    const lineOf = () => `${el.clientWidth} ${getComputedStyle(el).fontSize}`;
    let line = lineOf();
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (lineOf() === line) return;
      line = lineOf();
      // Measured in the next frame: resizing inside the observer's callback would report a loop.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fitInput(el));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [value, compact]);

  useEffect(() => {
    if (!busy) inputRef.current?.focus({ preventScroll: true });
  }, [busy]);

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    attach.clear();
    onSend(text, attachments);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME composition must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form
      className={`composer${drop.dragging ? " dragging" : ""}`}
      data-testid="composer-dropzone"
      onSubmit={submit}
      {...drop.handlers}
    >
      {drop.dragging && (
        // Pointer users see where to drop; the paperclip is the way in for everyone else.
        <div className="composer-drop" data-testid="composer-drop-target" aria-hidden="true">
          {t("attach.drop")}
        </div>
      )}
      {toolbar}
      <AttachmentChips
        attachments={attachments.map((a) => ({ id: a.id, name: a.name, chars: a.text.trim().length }))}
        onRemove={attach.remove}
      />
      <div className={`composer-box${tooLong ? " over" : ""}`}>
        {onAttachmentsChange && (
          <>
            <button
              type="button"
              className="icon-button attach-button"
              data-testid="attach-button"
              aria-label={t("attach.button")}
              title={t("attach.button")}
              disabled={attach.reading}
              onClick={() => fileRef.current?.click()}
            >
              <PaperclipIcon />
            </button>
            <input
              ref={fileRef}
              type="file"
              className="attach-input"
              data-testid="attach-input"
              accept={ACCEPTED_FILES}
              multiple
              hidden
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                // Emptied, so that picking the same file again (after removing it) fires a change.
                e.target.value = "";
                void attach.onFiles(files);
              }}
            />
          </>
        )}
        <textarea
          ref={inputRef}
          data-testid="chat-input"
          rows={1}
          value={value}
          placeholder={t(compact ? "composer.placeholderShort" : "composer.placeholder")}
          aria-label={t("composer.label")}
          aria-invalid={tooLong}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onAttachmentsChange ? attach.onPaste : undefined}
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
        {attach.problem ? (
          <span className="hint attach-error" role="alert" data-testid="attach-error">
            {attach.problem}
          </span>
        ) : (
          <span className={hint === t("composer.hint") ? "hint composer-keys" : "hint"}>{hint}</span>
        )}
        {value.length >= maxChars * COUNTER_FROM && (
          <span className={`counter${tooLong ? " over" : ""}`} aria-live="polite">
            {formatCount(value.length, lang)} / {formatCount(maxChars, lang)}
          </span>
        )}
      </div>
    </form>
  );
}

/** Sets the input's height to its content's (the placeholder's when empty), in em, at most MAX_INPUT_HEIGHT_PX. */
function fitInput(el: HTMLTextAreaElement): void {
  el.style.height = "auto";
  const fontPx = parseFloat(getComputedStyle(el).fontSize) || 16;
  el.style.height = `${Math.min(el.scrollHeight, MAX_INPUT_HEIGHT_PX) / fontPx}em`;
}
