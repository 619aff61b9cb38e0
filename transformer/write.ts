import fs from "node:fs";
import path from "node:path";
import type { OpenAPIV3_1 } from "openapi-types";

/** The canonical text of a document: two-space indent, trailing newline. Key order is set when it is built. */
export function canonicalJson(document: OpenAPIV3_1.Document): string {
  return JSON.stringify(document, null, 2) + "\n";
}

/**
 * Writes `text` to `file` atomically (a temporary file in the same folder, then
 * a rename), so a reader or a failed build never sees half a spec. An
 * unchanged file is left alone, which keeps watchers quiet.
 */
export function writeFileAtomic(file: string, text: string): void {
  if (unchanged(file, text)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Whether `file` holds `text` already: read only when the sizes agree (a large document is megabytes). */
function unchanged(file: string, text: string): boolean {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  return size === Buffer.byteLength(text) && fs.readFileSync(file, "utf8") === text;
}
