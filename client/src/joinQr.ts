// A QR code as an SVG path, made in the browser by qrcode-generator (MIT, no dependencies): the join card's code for
// its address, drawn inline so that nothing is fetched and the page's Content-Security-Policy needs no image source.
import qrcode from "qrcode-generator";

export interface QrDrawing {
  /** Modules on a side (21 for the smallest code), without the quiet zone. */
  size: number;
  /** The dark modules as one path, in module units: one rectangle per run of dark modules in a row. */
  path: string;
}

/** The QR code of `text`, error correction M (a projector's glare and a phone held askew leave it readable). */
export function qrDrawing(text: string): QrDrawing {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const size = qr.getModuleCount();
  const runs: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && qr.isDark(row, col)) col++;
      runs.push(`M${start} ${row}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size, path: runs.join("") };
}
