// The top bar's presentation switch: on, it makes everything larger for a projector and offers A− / A+ to fit the
// room, and to an admin "Cum intrați", the join card with the room's address and access code; the state itself lives
// in the app (client/src/state/presentation.ts).
import { useState } from "react";
import { createPortal } from "react-dom";
import { hasRole, NEEDED_ROLE } from "../../../contract/auth";
import { useAccess } from "../AccessGate";
import { PRESENT_SCALES, stepScale, type Presentation } from "../state/presentation";
import { useI18n } from "../i18nContext";
import { PresentIcon } from "./Icons";
import { JoinCard } from "./JoinCard";

interface Props {
  value: Presentation;
  onChange: (next: Presentation) => void;
}

export function PresentationControls(props: Props) {
  // The card shows the access code: only to whom the server gives it (an admin; the local user with AUTH=off).
  const mayShowJoin = hasRole(useAccess().user.role, NEEDED_ROLE.presentJoin);
  return <PresentationControlsView {...props} mayShowJoin={mayShowJoin} />;
}

/** The controls for a given right to the join card (rendered without the access gate in tests). */
export function PresentationControlsView({ value, onChange, mayShowJoin }: Props & { mayShowJoin: boolean }) {
  const { t } = useI18n();
  // One name in both states: a toggle says whether it is on through aria-pressed, not by renaming itself.
  const label = t("present.on");
  const smallest = value.scale === PRESENT_SCALES[0];
  const largest = value.scale === PRESENT_SCALES[PRESENT_SCALES.length - 1];
  const [joinOpen, setJoinOpen] = useState(false);
  return (
    <div className="present-controls" role="group" aria-label={t("present.group")}>
      <button
        type="button"
        className="icon-button present-toggle"
        data-testid="present-toggle"
        aria-pressed={value.on}
        aria-label={label}
        title={label}
        onClick={() => onChange({ ...value, on: !value.on })}
      >
        <PresentIcon />
      </button>
      {value.on && (
        <>
          <button
            type="button"
            className="icon-button"
            data-testid="present-smaller"
            title={t("present.smaller")}
            disabled={smallest}
            onClick={() => onChange({ ...value, scale: stepScale(value.scale, -1) })}
          >
            <span aria-hidden="true">A−</span>
            <span className="sr-only">{t("present.smaller")}</span>
          </button>
          <span className="present-scale" data-testid="present-scale" aria-live="polite">
            {value.scale}%
          </span>
          <button
            type="button"
            className="icon-button"
            data-testid="present-larger"
            title={t("present.larger")}
            disabled={largest}
            onClick={() => onChange({ ...value, scale: stepScale(value.scale, 1) })}
          >
            <span aria-hidden="true">A+</span>
            <span className="sr-only">{t("present.larger")}</span>
          </button>
          {mayShowJoin && (
            <button
              type="button"
              className="ghost-button small present-join"
              data-testid="present-join"
              aria-haspopup="dialog"
              aria-label={t("present.join.openLabel")}
              title={t("present.join.openLabel")}
              onClick={() => setJoinOpen(true)}
            >
              {t("present.join.open")}
            </button>
          )}
        </>
      )}
      {/* On the page's body, not in the top bar, whose size presentation mode scales down. */}
      {joinOpen && createPortal(<JoinCard onClose={() => setJoinOpen(false)} />, document.body)}
    </div>
  );
}
