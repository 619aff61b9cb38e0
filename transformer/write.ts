import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
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

/** How much of the old file is read at a time. */
const CHUNK = 1 << 16;

/**
 * Whether `file` holds `text` already: read only when the sizes agree, and
 * then a chunk at a time, since reading a large document whole (megabytes,
 * as a buffer and as a string) came at the build's peak of memory.
 */
function unchanged(file: string, text: string): boolean {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== Buffer.byteLength(text)) return false;
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    // A character split between two chunks is decoded whole with the next one.
    const decoder = new StringDecoder("utf8");
    let offset = 0;
    for (let read = fs.readSync(fd, chunk, 0, CHUNK, null); read > 0; read = fs.readSync(fd, chunk, 0, CHUNK, null)) {
      const part = decoder.write(chunk.subarray(0, read));
      if (!text.startsWith(part, offset)) return false;
      offset += part.length;
    }
    const rest = decoder.end();
    return text.startsWith(rest, offset) && offset + rest.length === text.length;
  } finally {
    fs.closeSync(fd);
  }
}
