// Attachments as chips: "text lipit · 12.345 caractere", with a remove × in the composer; on a sent message the
// same chips without it (a reloaded thread shows them from the stored message).
import type { StoredAttachment } from "../../../contract/attachments";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import { PaperclipIcon } from "./Icons";
import "./attachments.css";

interface Props {
  attachments: readonly (Pick<StoredAttachment, "name" | "chars"> & { id?: string })[];
  /** Present in the composer: removes the attachment at this position. */
  onRemove?: (index: number) => void;
}

export function AttachmentChips({ attachments, onRemove }: Props) {
  const { t, lang } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label={t("attach.messageLabel")}>
      {attachments.map((a, i) => (
        <li key={a.id ?? `${i}-${a.name}`} className="attachment-chip" data-testid="attachment-chip">
          <PaperclipIcon />
          <span className="attachment-label" title={a.name}>
            {t("attach.chip", { name: a.name, chars: countOf(a.chars, NOUNS.character, lang) })}
          </span>
          {onRemove && (
            <button
              type="button"
              className="attachment-remove"
              data-testid="attachment-remove"
              aria-label={t("attach.remove", { name: a.name })}
              title={t("attach.remove", { name: a.name })}
              onClick={() => onRemove(i)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
