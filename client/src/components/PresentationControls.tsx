// The top bar's presentation switch: on, it makes everything larger for a projector and offers A− / A+ to fit the
// room; the state itself lives in the app (client/src/state/presentation.ts).
import { PRESENT_SCALES, stepScale, type Presentation } from "../state/presentation";
import { useI18n } from "../i18nContext";
import { PresentIcon } from "./Icons";

interface Props {
  value: Presentation;
  onChange: (next: Presentation) => void;
}

export function PresentationControls({ value, onChange }: Props) {
  const { t } = useI18n();
  // One name in both states: a toggle says whether it is on through aria-pressed, not by renaming itself.
  const label = t("present.on");
  const smallest = value.scale === PRESENT_SCALES[0];
  const largest = value.scale === PRESENT_SCALES[PRESENT_SCALES.length - 1];
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
        </>
      )}
    </div>
  );
}
