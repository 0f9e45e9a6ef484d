// A run's or an annotation's temperature as the workbench shows it in compact places (the run's footer, the review
// panel): the number in the language's form, or "— (offline)" where none applied (the offline models take none; the
// methods paragraph says it in words and the export leaves the cell empty). It used to read "0,0" in the footer and "—"
// in the panel for the same run.
import { runTemperature } from "../../../contract/workbench";
import { formatDecimal } from "../format";
import { translate, type Lang } from "../i18n";

/** "0,7", "0.7", or "— (offline)" for null. */
export function temperatureShown(value: number | null, lang: Lang): string {
  return value === null ? translate(lang, "wb.temperature.offline") : formatDecimal(value, lang, 1);
}

/** A run's temperature: "— (offline)" when every model is offline. */
export function runTemperatureShown(
  run: { models: readonly string[]; temperature: number },
  lang: Lang,
): string {
  return temperatureShown(runTemperature(run), lang);
}
