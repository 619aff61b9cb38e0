import ts from "typescript";
import type { RuntimeSymbols } from "./runtime-symbols";
import type { Reuse } from "./schema/reuse";

/** What one run's checker said about names in the user's code, for the next run: by node. */
export interface NameAnswers {
  /** The symbol a name resolves to, aliases followed (null: nothing). Only symbols TypeScript keeps across Programs. */
  symbols: Map<ts.Node, ts.Symbol | null>;
  /** The runtime class that declares what a name resolves to (`"APIRouter"` for `router.get`), or null. */
  runtimeClasses: Map<ts.Node, string | null>;
}

/**
 * What names in the user's code resolve to: discovery asks it of every
 * registration call (the method, the router it is called on, the handler).
 * Under `tspc --watch` a rebuild's fresh checker would resolve them all
 * again, though one file changed; what the last run found for a node of a
 * file that no change can reach (schema/reuse.ts) is still the answer. A method
 * such as `get` resolves to a symbol the checker makes for each instance
 * type (a new one per checker), so what is kept of it is its class's name.
 */
export class ResolvedSymbols {
  /** This run's answers, for the next run. */
  readonly answers: NameAnswers = { symbols: new Map(), runtimeClasses: new Map() };

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly runtime: RuntimeSymbols,
    /** Undefined when nothing is kept for a next run; null when there is nothing to reuse yet. */
    private readonly reuse: Reuse | null | undefined,
  ) {}

  /** The symbol `node` names, aliases followed. */
  at(node: ts.Node): ts.Symbol | undefined {
    const kept = this.reuse?.symbolAt(node);
    const symbol = kept !== undefined ? (kept ?? undefined) : this.#resolve(node);
    // A transient symbol is the checker's own: the next checker makes another.
    if (this.reuse !== undefined && !(symbol && symbol.flags & ts.SymbolFlags.Transient)) this.answers.symbols.set(node, symbol ?? null);
    return symbol;
  }

  /** The runtime class (`"App"`, `"APIRouter"`) that declares what `node` names, aliases followed, if it is one of callspec's (RuntimeSymbols.classOf). */
  runtimeClassAt(node: ts.Node): string | undefined {
    const kept = this.reuse?.runtimeClassAt(node);
    const name = kept !== undefined ? (kept ?? undefined) : this.runtime.classOf(this.#resolve(node));
    if (this.reuse !== undefined) this.answers.runtimeClasses.set(node, name ?? null);
    return name;
  }

  #resolve(node: ts.Node): ts.Symbol | undefined {
    return this.runtime.resolve(this.checker.getSymbolAtLocation(node));
  }
}
