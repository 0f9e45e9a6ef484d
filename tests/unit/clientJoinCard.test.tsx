// The presenter's join card rendered without a browser: the address, the access code and the QR code (an inline
// <svg>, drawn from the address by qrcode-generator), the sentence that replaces the code with accounts or without
// access control, the note when the address opens on this computer only, in Romanian and English; the "Cum intrați"
// button only for an admin in presentation mode; the wait and a failure (said from the error's code, in the page's
// language); and the QR drawing itself.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JoinInfo } from "../../contract/presentJoin";
import { ApiError } from "../../client/src/api";
import { JoinCardContent } from "../../client/src/components/JoinCard";
import { PresentationControlsView } from "../../client/src/components/PresentationControls";
import { I18nProvider } from "../../client/src/i18nContext";
import { qrDrawing } from "../../client/src/joinQr";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const card = (info: JoinInfo, lang: "ro" | "en" = "ro") =>
  render(<JoinCardContent state={{ kind: "ready", info }} />, lang);

/** The text of the element with this data-testid (its first text node). */
function textOf(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

const ROOM = "http://192.168.1.23:8000";

describe("the join card", () => {
  it("shows the address, the access code and a QR code of the address", () => {
    const html = card({ urls: [ROOM, "http://10.0.0.5:8000"], auth: "code", code: "pensii-2026" });
    expect(textOf(html, "present-join-url")).toBe(ROOM);
    expect(textOf(html, "present-join-code")).toBe("pensii-2026");
    expect(textOf(html, "present-join-others")).toBe("sau http://10.0.0.5:8000");
    expect(html).toContain("Deschideți în browser");
    expect(html).toContain("Codul de acces");
    const svg = /<svg[^>]*data-testid="present-join-qr"[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(svg).toContain(`aria-label="Cod QR cu adresa ${ROOM}"`);
    expect(svg).toContain(`d="${qrDrawing(ROOM).path}"`);
    expect(html).not.toContain("present-join-note");
  });

  it("says in English what the Romanian card says", () => {
    const html = card({ urls: [ROOM], auth: "code", code: "pensii-2026" }, "en");
    expect(html).toContain("Open in your browser");
    expect(html).toContain("Access code");
    expect(html).toContain(`aria-label="QR code of the address ${ROOM}"`);
  });

  it("with accounts shows no code and tells people to log in with the account the teacher gave them", () => {
    const html = card({ urls: [ROOM], auth: "users", code: null });
    expect(html).not.toContain("present-join-code");
    expect(textOf(html, "present-join-access")).toBe("Intrați cu contul primit de la profesor.");
    expect(textOf(card({ urls: [ROOM], auth: "users", code: null }, "en"), "present-join-access")).toBe(
      "Log in with the account your teacher gave you.",
    );
  });

  it("without access control says no code is needed, and warns that anyone who opens it can do everything", () => {
    const html = card({ urls: [ROOM], auth: "off", code: null });
    expect(textOf(html, "present-join-access")).toBe("Nu trebuie niciun cod.");
    expect(textOf(html, "present-join-note")).toContain("AUTH=code");
  });

  it("says when the address opens on this computer only", () => {
    const html = card({ urls: ["http://127.0.0.1:8000"], auth: "off", code: null });
    expect(textOf(html, "present-join-note")).toContain("HOST=0.0.0.0");
  });

  it("says why it has no address in the page's language, from the error's code, never the browser's raw words", () => {
    const failed = (error: unknown, lang: "ro" | "en") =>
      textOf(render(<JoinCardContent state={{ kind: "failed", error }} />, lang), "present-join-error");
    // The server's refusal, kept as it came (in Romanian) and said again from its code on the English page.
    const refused = new ApiError(403, {
      code: "present:forbidden",
      message: "Adresa sălii și codul de acces le vede doar un administrator (cel care prezintă).",
    });
    expect(failed(refused, "en")).toBe(
      "The address could not be read: Only an admin (the presenter) sees the room&#x27;s address and access code.",
    );
    // fetch's own "Failed to fetch" (English on a Romanian page) becomes the page's sentence about the network.
    expect(failed(new TypeError("Failed to fetch"), "ro")).toBe(
      "Adresa nu a putut fi citită: Serverul nu poate fi contactat. Verificați conexiunea și încercați din nou.",
    );
    expect(failed(new ApiError(0, { code: "client:network", message: "Failed to fetch" }), "en")).toBe(
      "The address could not be read: The server cannot be reached. Check the connection and try again.",
    );
    // An answer that is not a join card: no schema dump, the sentence for an unexpected answer.
    const odd = failed(new ApiError(200, { code: "client:bad_response", message: "not a join card" }), "ro");
    expect(odd).toBe(
      "Adresa nu a putut fi citită: Serverul a răspuns neașteptat (HTTP 200). Încercați din nou.",
    );
    const html = render(<JoinCardContent state={{ kind: "failed", error: refused }} />);
    expect(html).toContain('role="alert"');
  });

  it("marks the wait for the address", () => {
    expect(textOf(render(<JoinCardContent state={{ kind: "loading" }} />), "present-join-loading")).toBe(
      "Se citește adresa…",
    );
  });
});

describe("the join card's button", () => {
  const controls = (on: boolean, mayShowJoin: boolean) =>
    render(
      <PresentationControlsView
        value={{ on, scale: 150 }}
        onChange={() => undefined}
        mayShowJoin={mayShowJoin}
      />,
    );

  it("is offered to an admin in presentation mode, and to no one else", () => {
    expect(controls(true, true)).toContain('data-testid="present-join"');
    expect(controls(true, true)).toContain(">Cum intrați<");
    expect(controls(true, false)).not.toContain("present-join");
    expect(controls(false, true)).not.toContain("present-join");
  });
});

describe("qrDrawing", () => {
  it("draws a QR code of the smallest version that holds the address, its finder pattern in the corner", () => {
    const { size, path } = qrDrawing(ROOM);
    // 24 bytes at error correction M fit version 2: 25 modules a side.
    expect(size).toBe(25);
    // The top-left finder pattern: a row of 7 dark modules, then a dark module, 5 light ones and a dark one.
    expect(path.startsWith("M0 0h7v1h-7z")).toBe(true);
    expect(path).toContain("M0 1h1v1h-1zM6 1h1v1h-1z");
    // A longer address needs a larger code.
    expect(qrDrawing(`${ROOM}/${"x".repeat(60)}`).size).toBeGreaterThan(size);
  });
});
