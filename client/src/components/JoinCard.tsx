// The presenter's join card ("Cum intrați"): a full-screen dialog with the address the room opens, the access code
// (or how else to get in) and a QR code of the address, from GET /api/present/join, which answers an admin only.
// Esc or "Închide" closes it. The QR code is drawn here (../joinQr.ts): nothing is fetched to show it. A failure is
// kept as the error it was and said in the page's language (workbench/errorText.ts), again after a language switch.
import { useEffect, useRef, useState } from "react";
import { isLoopbackUrl, JoinInfoSchema, type JoinInfo } from "../../../contract/presentJoin";
import { ApiError, request } from "../api";
import { useI18n } from "../i18nContext";
import { qrDrawing } from "../joinQr";
import { errorSaid } from "./workbench/errorText";
import "./joinCard.css";

export type JoinCardState =
  { kind: "loading" } | { kind: "failed"; error: unknown } | { kind: "ready"; info: JoinInfo };

/** The card's facts; an answer that is not them fails as the client's other unexpected answers do. */
async function fetchJoinInfo(signal: AbortSignal): Promise<JoinInfo> {
  const parsed = JoinInfoSchema.safeParse(
    await request<unknown>("GET", "/api/present/join", undefined, signal),
  );
  if (parsed.success) return parsed.data;
  throw new ApiError(200, { code: "client:bad_response", message: "GET /api/present/join: not a join card" });
}

export function JoinCard({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<JoinCardState>({ kind: "loading" });
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    const stop = new AbortController();
    fetchJoinInfo(stop.signal).then(
      (info) => setState({ kind: "ready", info }),
      (err: unknown) => {
        if (stop.signal.aborted) return;
        setState({ kind: "failed", error: err });
      },
    );
    return () => stop.abort();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="join-card"
      data-testid="present-join-card"
      aria-labelledby="join-card-title"
      onClose={onClose}
    >
      <div className="join-card-head">
        <h2 id="join-card-title">{t("present.join.title")}</h2>
        <button
          type="button"
          className="ghost-button"
          data-testid="present-join-close"
          onClick={() => dialog.current?.close()}
        >
          {t("present.join.close")}
        </button>
      </div>
      <JoinCardContent state={state} />
    </dialog>
  );
}

/** What the card says for a state (rendered without a browser in tests). */
export function JoinCardContent({ state }: { state: JoinCardState }) {
  const { t, lang } = useI18n();
  if (state.kind === "loading")
    return (
      <p className="join-card-status" role="status" data-testid="present-join-loading">
        {t("present.join.loading")}
      </p>
    );
  if (state.kind === "failed")
    return (
      <p className="join-card-status error-text" role="alert" data-testid="present-join-error">
        {t("present.join.failed", { message: errorSaid(state.error, t, lang) })}
      </p>
    );
  const { urls, auth, code } = state.info;
  const [first, ...others] = urls;
  if (!first) return null;
  return (
    <div className="join-card-body">
      <div className="join-card-text">
        <p className="join-card-label">{t("present.join.address")}</p>
        <p className="join-card-url" data-testid="present-join-url">
          {first}
        </p>
        {others.length > 0 && (
          <p className="join-card-others" data-testid="present-join-others">
            {t("present.join.otherAddresses")} {others.join(" · ")}
          </p>
        )}
        {auth === "code" && code !== null ? (
          <>
            <p className="join-card-label">{t("present.join.code")}</p>
            <p className="join-card-code" data-testid="present-join-code">
              {code}
            </p>
          </>
        ) : (
          <p className="join-card-access" data-testid="present-join-access">
            {auth === "users" ? t("present.join.accounts") : t("present.join.noCode")}
          </p>
        )}
        {isLoopbackUrl(first) && (
          <p className="join-card-note" data-testid="present-join-note">
            {t("present.join.loopback")}
          </p>
        )}
        {auth === "off" && !isLoopbackUrl(first) && (
          <p className="join-card-note" data-testid="present-join-note">
            {t("present.join.openToAll")}
          </p>
        )}
      </div>
      <figure className="join-card-qr">
        <QrCode text={first} label={t("present.join.qr", { url: first })} />
        <figcaption>{t("present.join.qrCaption")}</figcaption>
      </figure>
    </div>
  );
}

/** Dark modules on white, with the four-module quiet zone readers need, whatever the page's theme. */
function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = qrDrawing(text);
  const quiet = 4;
  const side = size + 2 * quiet;
  return (
    <svg
      data-testid="present-join-qr"
      viewBox={`${-quiet} ${-quiet} ${side} ${side}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={side} height={side} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
