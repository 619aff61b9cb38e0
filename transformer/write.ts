import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { OpenAPIV3_1 } from "openapi-types";
import { PIECE_DEPTH, type DocumentMemo } from "./document-memo";

/**
 * The canonical text of a document: two-space indent, trailing newline. Key
 * order is set when it is built. With a `memo` (a watch rebuild), the same
 * text made piece by piece: the text of each entry of `paths`, `webhooks`
 * and `components.schemas`, else of each operation and component schema in
 * it, is the one the memo kept, when it kept one (document-memo.ts).
 */
export function canonicalJson(document: OpenAPIV3_1.Document, memo?: DocumentMemo): string {
  if (!memo) return JSON.stringify(document, null, 2) + "\n";
  // Every piece into one list, joined once: joining at each level copied the megabytes once per level.
  const out: string[] = [];
  // An operation's text is kept for its path item's next text; a schema's entry is all a schema needs (one schema,
  // whose entry goes only with it or with its name, when every text is forgotten).
  const piece = (into: string[], value: unknown, keep = true): boolean => {
    if (typeof value !== "object" || value === null) return write(into, value, PIECE_DEPTH);
    let text = memo.text(value);
    if (text === undefined) {
      text = indented(value, PIECE_DEPTH);
      if (text === undefined) return false;
      if (keep) memo.noteText(value, text);
    }
    into.push(text);
    return true;
  };
  // A path item's text (`"/items": { "get": … }`) is the last run's when its operations are: a rebuild then makes
  // no new strings for it (each would live until the join, and be copied by every collection on the way).
  const pathItems = (paths: unknown) =>
    writeEntries(out, paths, 1, (key, item) => {
      const operations = isPlainObject(item) ? Object.values(item) : [];
      const parts = operations.length > 0 && operations.every(isObject) ? operations : undefined;
      return entry(key, 2, parts, (into) => writeObject(into, item, 2, (__, operation) => piece(into, operation)));
    });
  const schemas = (value: unknown) => writeEntries(out, value, 2, (key, schema) => entry(key, 3, isObject(schema) ? [schema] : undefined, (into) => piece(into, schema, false)));
  writeObject(out, document, 0, (key, value) => {
    if (key === "paths" || key === "webhooks") return pathItems(value);
    if (key === "components") return writeObject(out, value, 1, (inner, value) => (inner === "schemas" ? schemas(value) : write(out, value, 2)));
    return write(out, value, 1);
  });
  out.push("\n");
  return out.join("");

  /** `"key": value` at `depth` (without the comma and line break before it): the memo's, when `parts` are the same objects. */
  function entry(key: string, depth: number, parts: readonly object[] | undefined, writeValue: (into: string[]) => boolean): string | undefined {
    const kept = parts && memo!.entryText(key, parts);
    if (kept !== undefined) return kept;
    const into = [`${INDENTS[depth]}${JSON.stringify(key)}: `];
    if (!writeValue(into)) return undefined;
    const text = into.join("");
    if (parts) memo!.noteEntryText(key, parts, text);
    return text;
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

const INDENTS = Array.from({ length: PIECE_DEPTH + 2 }, (_, depth) => " ".repeat(2 * depth));

/**
 * `JSON.stringify(value, null, 2)` as it reads `depth` levels down: strings
 * hold no raw line breaks, so every line moves right alike. By split and
 * join, whose result is one flat string: `replaceAll` gives a tree of
 * pieces, which every join of the document walked again (eight times slower).
 */
function indented(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || depth === 0 ? text : text.split("\n").join(`\n${INDENTS[depth]}`);
}

/** Pushes `indented(value, depth)`; false when JSON.stringify would leave the value out (undefined, a function). */
function write(out: string[], value: unknown, depth: number): boolean {
  const text = indented(value, depth);
  if (text === undefined) return false;
  out.push(text);
  return true;
}

/**
 * Pushes an object as `JSON.stringify(…, null, 2)` writes it `depth` levels
 * down, each entry's text (indented, without the comma and line break before
 * it) made by `entryText` (undefined: left out, as JSON.stringify leaves out
 * undefined and functions). Anything but a plain object is written as
 * JSON.stringify writes it.
 */
function writeEntries(out: string[], value: unknown, depth: number, entryText: (key: string, value: unknown) => string | undefined): boolean {
  if (!isPlainObject(value)) return write(out, value, depth);
  let empty = true;
  out.push("{");
  for (const key of Object.keys(value)) {
    const text = entryText(key, value[key]);
    if (text === undefined) continue;
    out.push(empty ? "\n" : ",\n", text);
    empty = false;
  }
  out.push(empty ? "}" : CLOSINGS[depth]!);
  return true;
}

/** The line that closes an object `depth` levels down. */
const CLOSINGS = Array.from({ length: PIECE_DEPTH + 1 }, (_, depth) => `\n${" ".repeat(2 * depth)}}`);

/**
 * Pushes an object as `JSON.stringify(…, null, 2)` writes it `depth` levels
 * down, each value written by `writeValue` (false: left out, as
 * JSON.stringify leaves out undefined and functions). Anything but a plain
 * object is written as JSON.stringify writes it.
 */
function writeObject(out: string[], value: unknown, depth: number, writeValue: (key: string, value: unknown) => boolean): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === "function") return write(out, value, depth);
  const open = out.push("{") - 1;
  let empty = true;
  for (const key of Object.keys(value)) {
    const mark = out.length;
    out.push(`${empty ? "\n" : ",\n"}${INDENTS[depth + 1]}${JSON.stringify(key)}: `);
    if (writeValue(key, (value as Record<string, unknown>)[key])) empty = false;
    else out.length = mark;
  }
  if (empty) out[open] = "{}";
  else out.push(`\n${INDENTS[depth]}}`);
  return true;
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
