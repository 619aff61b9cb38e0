import ts from "typescript";
import path from "node:path";
import fs from "node:fs";

/**
 * Recognises callspec's runtime by where a symbol is declared: a file under
 * `runtime/` (sources) or `dist/runtime/` (the published .d.ts) of the package
 * named "callspec". Never by the name a user gives it.
 */
export class RuntimeSymbols {
  readonly #packageNameOfDir = new Map<string, string | undefined>();
  readonly #isRuntimeFile = new Map<string, boolean>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The runtime class (`"APIRouter"`, `"App"`) declaring `symbol`, if it is one of callspec's. */
  classOf(symbol: ts.Symbol | undefined): string | undefined {
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return undefined;
    const cls = ts.isClassDeclaration(declaration) ? declaration : declaration.parent;
    if (!cls || !ts.isClassDeclaration(cls) || !cls.name) return undefined;
    return this.isRuntimeFile(cls.getSourceFile().fileName) ? cls.name.text : undefined;
  }

  /** The runtime type alias or interface (`"Schema"`) that declares `symbol`, if it is callspec's. */
  typeNameOf(symbol: ts.Symbol | undefined): string | undefined {
    const declaration = symbol?.declarations?.[0];
    if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) return undefined;
    return this.isRuntimeFile(declaration.getSourceFile().fileName) ? declaration.name.text : undefined;
  }

  /** Follows import aliases to the symbol that was declared. */
  resolve(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** Asked for every declaration a schema meets: answered once per file. */
  isRuntimeFile(fileName: string): boolean {
    let known = this.#isRuntimeFile.get(fileName);
    if (known === undefined) this.#isRuntimeFile.set(fileName, (known = this.#findIsRuntimeFile(fileName)));
    return known;
  }

  #findIsRuntimeFile(fileName: string): boolean {
    let dir = path.dirname(fileName);
    for (;;) {
      const name = this.#packageName(dir);
      if (name !== undefined) {
        if (name !== "callspec") return false;
        const relative = path.relative(dir, fileName).split(path.sep).join("/");
        return relative.startsWith("runtime/") || relative.startsWith("dist/runtime/");
      }
      const parent = path.dirname(dir);
      if (parent === dir) return false;
      dir = parent;
    }
  }

  /** The `name` of `dir/package.json`, "" for one without a name, undefined when there is none. */
  #packageName(dir: string): string | undefined {
    if (!this.#packageNameOfDir.has(dir)) {
      let name: string | undefined;
      try {
        name = String(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name ?? "");
      } catch {
        name = undefined;
      }
      this.#packageNameOfDir.set(dir, name);
    }
    return this.#packageNameOfDir.get(dir);
  }
}
