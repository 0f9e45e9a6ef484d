// Dates as found in exports (ISO, DD.MM.YYYY, DD/MM/YYYY, unix seconds or milliseconds, RFC 822, YYYYMMDD,
// "14 martie 2025") normalised to YYYY-MM-DD. The calendar date is taken as written, with no time-zone
// shift; unix timestamps are read in UTC.

const MONTHS: Record<string, number> = {};
const monthNames: Array<[number, string[]]> = [
  [1, ["jan", "january", "ian", "ianuarie"]],
  [2, ["feb", "february", "februarie"]],
  [3, ["mar", "march", "martie"]],
  [4, ["apr", "april", "aprilie"]],
  [5, ["may", "mai"]],
  [6, ["jun", "june", "iun", "iunie"]],
  [7, ["jul", "july", "iul", "iulie"]],
  [8, ["aug", "august"]],
  [9, ["sep", "sept", "september", "septembrie"]],
  [10, ["oct", "october", "octombrie"]],
  [11, ["nov", "november", "noiembrie"]],
  [12, ["dec", "december", "decembrie"]],
];
for (const [month, names] of monthNames) for (const name of names) MONTHS[name] = month;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** YYYY-MM-DD when the parts make a real calendar date (no 31 April), else undefined. */
export function formatYmd(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function fromEpoch(value: number): string | undefined {
  // Seconds until 2100 are below 4.2e9; milliseconds since 2001 are above 1e12.
  const ms = value >= 1e12 ? value : value * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  return formatYmd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function twoDigitYear(y: number): number {
  return y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

/** Normalises a date value to YYYY-MM-DD; undefined when it cannot be read as a date. */
export function normalizeDate(value: unknown): string | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 1e8 ? fromEpoch(value) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  if (s === "") return undefined;

  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])/.exec(s);
  if (m) return formatYmd(Number(m[1]), Number(m[2]), Number(m[3]));

  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:$|[\s,T])/.exec(s);
  if (m) return formatYmd(twoDigitYear(Number(m[3])), Number(m[2]), Number(m[1]));

  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const ymd = formatYmd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (ymd) return ymd;
  }
  if (/^\d{9,13}(\.\d+)?$/.test(s)) return fromEpoch(Number(s));

  // RFC 822 ("Fri, 14 Mar 2025 10:00:00 +0200") and written dates ("14 martie 2025", "March 14, 2025").
  const folded = s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
  m = /(?:^|[\s,])(\d{1,2})\.?\s+([a-z]+)\.?,?\s+(\d{4}|\d{2})\b/.exec(folded);
  if (m && MONTHS[m[2]!] !== undefined)
    return formatYmd(twoDigitYear(Number(m[3])), MONTHS[m[2]!]!, Number(m[1]));
  m = /(?:^|[\s,])([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(folded);
  if (m && MONTHS[m[1]!] !== undefined) return formatYmd(Number(m[3]), MONTHS[m[1]!]!, Number(m[2]));
  return undefined;
}

/** Today's date (of `now`) as YYYY-MM-DD, in UTC like the timestamps. */
export function todayYmd(now: Date): string {
  return now.toISOString().slice(0, 10);
}
