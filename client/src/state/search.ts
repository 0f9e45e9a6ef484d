// Text matching for the UI's search boxes: Romanian users type without diacritics as often as with them.

/** Lower-case, without diacritics (ș/ş, ț/ţ, ă, â, î), so "sanatate" finds "Sănătate". */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
