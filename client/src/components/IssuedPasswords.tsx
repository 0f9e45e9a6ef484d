// The passwords just generated, shown once: a table, "Copiază" (name<TAB>password lines) and "Descarcă CSV" (for a
// mail merge), and a warning that they will not be shown again. They live in the page's memory until hidden or left;
// a copy or a download tells the page (onKept) that leaving no longer loses them.
import { useRef, useState } from "react";
import type { IssuedPassword } from "../../../contract/accounts";
import { copyText } from "../clipboard";
import { useI18n } from "../i18nContext";
import { downloadText } from "../downloadText";
import { csvFileName, issuedAsCsv, issuedAsLines } from "../state/accounts";

export function IssuedPasswords({
  issued,
  onDismiss,
  onKept,
}: {
  issued: IssuedPassword[];
  onDismiss: () => void;
  /** The passwords were copied or downloaded: the page stops asking before it is closed. */
  onKept?: () => void;
}) {
  const { t, lang } = useI18n();
  const [copy, setCopy] = useState<"copied" | "failed">();
  const copyButton = useRef<HTMLButtonElement>(null);

  async function copyAll() {
    const copied = await copyText(issuedAsLines(issued));
    copyButton.current?.focus();
    setCopy(copied ? "copied" : "failed");
    if (copied) onKept?.();
  }

  return (
    <section
      className="accounts-passwords"
      data-testid="accounts-passwords"
      aria-labelledby="accounts-passwords-title"
    >
      <h3 id="accounts-passwords-title">{t("access.accounts.passwords.title")}</h3>
      <p className="accounts-warning">
        <strong>{t("access.accounts.passwords.warning")}</strong>
      </p>
      <div className="table-scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">{t("access.accounts.col.name")}</th>
              <th scope="col">{t("access.accounts.col.role")}</th>
              <th scope="col">{t("access.accounts.passwords.password")}</th>
            </tr>
          </thead>
          <tbody>
            {issued.map((p) => (
              <tr key={p.username} data-testid="accounts-password" data-username={p.username}>
                <th scope="row">{p.username}</th>
                <td>{t(`access.role.${p.role}`)}</td>
                <td>
                  <code className="accounts-secret">{p.password}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="confirm-actions">
        <button
          ref={copyButton}
          type="button"
          className="ghost-button small"
          data-testid="accounts-copy"
          onClick={() => void copyAll()}
        >
          {t("access.accounts.copy")}
        </button>
        <button
          type="button"
          className="ghost-button small"
          data-testid="accounts-download"
          onClick={() => {
            downloadText(issuedAsCsv(issued, location.origin, lang), csvFileName(new Date(), lang));
            onKept?.();
          }}
        >
          {t("access.accounts.download")}
        </button>
        <button
          type="button"
          className="ghost-button small"
          data-testid="accounts-dismiss"
          onClick={onDismiss}
        >
          {t("access.accounts.dismiss")}
        </button>
      </div>
      <p className="small-note" role="status">
        {copy === "copied"
          ? t("access.accounts.copied")
          : copy === "failed"
            ? t("access.accounts.copyFailed")
            : ""}
      </p>
    </section>
  );
}
