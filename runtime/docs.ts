/**
 * The document and its two readers: `/openapi.json` (the bytes the transformer
 * wrote), Swagger UI at `/docs` and ReDoc at `/redoc`, served from the files
 * of their npm packages (swagger-ui-dist, redoc's standalone bundle): no CDN,
 * works offline. Pages are FastAPI's, minus the CDN links.
 */
import fs from "node:fs";
import path from "node:path";

/** A page as it is sent: its headers (length included) and body, made on its first request, then kept. */
export interface StaticResponse {
  headers: Readonly<Record<string, string>>;
  body: string | Buffer;
}

/**
 * The pages may load from this server only: an offline promise kept by the
 * browser itself. (ReDoc's footer asks a CDN for Redocly's logo; this stops it.)
 */
const PAGE_POLICY = {
  "content-security-policy":
    "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:",
};

export interface DocsOptions {
  /** Called when a page first needs it: it may mean parsing the whole document. */
  title: () => string;
  openapiUrl: string | null;
  docsUrl: string | null;
  redocUrl: string | null;
}

/** GET-able pages by path; each is made on first use, then kept. `problems` are lines worth one log each. */
export function docsPages(options: DocsOptions, openapi: string): { pages: Map<string, () => StaticResponse>; problems: string[] } {
  const pages = new Map<string, () => StaticResponse>();
  const problems: string[] = [];
  const { openapiUrl, docsUrl, redocUrl } = options;
  if (openapiUrl === null) return { pages, problems };
  pages.set(openapiUrl, once(() => response("application/json", openapi, false)));

  if (docsUrl !== null) {
    const dir = packageDir("swagger-ui-dist");
    if (!dir) {
      problems.push(`${docsUrl} is off: swagger-ui-dist is not installed (npm install swagger-ui-dist), or set docsUrl: null.`);
    } else {
      pages.set(docsUrl, once(() => response("text/html; charset=utf-8", swaggerPage(options.title(), openapiUrl, docsUrl), false, PAGE_POLICY)));
      for (const [file, type] of [
        ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
        ["swagger-ui.css", "text/css; charset=utf-8"],
        ["favicon-32x32.png", "image/png"],
      ] as const) {
        pages.set(`${docsUrl}/${file}`, once(() => response(type, fs.readFileSync(path.join(dir, file)), true)));
      }
    }
  }
  if (redocUrl !== null) {
    const dir = packageDir("redoc");
    if (!dir) {
      problems.push(`${redocUrl} is off: ReDoc is not installed (npm install redoc@2.5.4, whose standalone bundle is served), or set redocUrl: null.`);
    } else {
      pages.set(redocUrl, once(() => response("text/html; charset=utf-8", redocPage(options.title(), openapiUrl, redocUrl), false, PAGE_POLICY)));
      pages.set(`${redocUrl}/redoc.standalone.js`, once(() => response("text/javascript; charset=utf-8", fs.readFileSync(path.join(dir, "bundles", "redoc.standalone.js")), true)));
    }
  }
  return { pages, problems };
}

function swaggerPage(title: string, openapiUrl: string, docsUrl: string): string {
  const config = { url: openapiUrl, dom_id: "#swagger-ui", layout: "BaseLayout", deepLinking: true, showExtensions: true, showCommonExtensions: true, validatorUrl: null };
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<link type="text/css" rel="stylesheet" href="${attribute(docsUrl)}/swagger-ui.css">
<link rel="shortcut icon" href="${attribute(docsUrl)}/favicon-32x32.png">
<title>${text(title)} - Swagger UI</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="${attribute(docsUrl)}/swagger-ui-bundle.js"></script>
<script>
const ui = SwaggerUIBundle(Object.assign(${script(config)}, {
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
}));
</script>
</body>
</html>
`;
}

function redocPage(title: string, openapiUrl: string, redocUrl: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<title>${text(title)} - ReDoc</title>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires Javascript to function. Please enable it to browse the documentation.</noscript>
<redoc spec-url="${attribute(openapiUrl)}"></redoc>
<script src="${attribute(redocUrl)}/redoc.standalone.js"></script>
</body>
</html>
`;
}

/** Files and pages do not change while the App serves: each is made (read, rendered, measured) once. */
function once(make: () => StaticResponse): () => StaticResponse {
  let made: StaticResponse | undefined;
  return () => (made ??= make());
}

function response(type: string, body: string | Buffer, cacheable: boolean, extra: Record<string, string> = {}): StaticResponse {
  const headers = { ...extra, "content-type": type, "content-length": String(Buffer.byteLength(body)), "cache-control": cacheable ? "public, max-age=3600" : "no-cache" };
  return { headers, body };
}

function packageDir(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const text = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const attribute = text;
/** JSON inside a <script>: no "</script>" can end it early. */
const script = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
