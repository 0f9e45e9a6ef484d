// A file size in binary units, as the limits are set (the *_MAX_UPLOAD_MB variables) and said: in the pages, in the
// server's errors and in the CLI alike ("512 B", "1,5 KB", "200 MB").

export function formatBytes(bytes: number, locale = "ro-RO"): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
