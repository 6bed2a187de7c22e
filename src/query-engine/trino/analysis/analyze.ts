/**
 * Trino's semantic checks that DuckDB does not make, over Trino's parse tree, before DuckDB runs
 * the query: the types of operands under Trino's rules (trino-types.ts). DuckDB casts a string
 * literal to whatever it is compared with, and concatenates anything; Trino refuses both:
 *
 *   WHERE cid = '1001'   (cid bigint) → TYPE_MISMATCH: line 1:29: Cannot apply operator: bigint = varchar(4)
 *   'a' || cid                        → FUNCTION_NOT_FOUND: … Unexpected parameters (varchar(1), bigint) for function concat …
 *
 * Names resolve against the query's relations: Glue tables (their columns as the server read
 * them from the catalog), subqueries, WITH queries and VALUES. Whatever the analysis cannot type
 * is `?` and never refused: it only says no where Trino certainly would.
 */
import * as antlr from 'antlr4ng';
import { ErrorCategory, QueryFailure } from '../../types.js';
import { allOf, columnParts, columnReference, findFirst, firstOf, identifierText, kind, literalValue, qualifiedParts, rowFields, rules, type Ctx } from './parse-tree.js';
import { arithmeticApplies, comparable, CONCAT_SIGNATURES, concatApplies, categoryOf, hiveToTrino, sqlTypeToTrino, UNKNOWN_TO_ANALYSIS, widerNumeric, type TrinoType } from './trino-types.js';

/** The Glue tables a query names, as the server read them: `db.table` → its columns (Hive types), partition keys included. */
export interface AnalysisCatalog {
  database: string;
  tables: Record<string, Array<{ name: string; type: string }>>;
}

interface Relation {
  /** The names a qualified reference may use: the alias, else the table's name (and db.table). */
  names: string[];
  columns: Map<string, TrinoType>;
}

interface Scope {
  relations: Relation[];
  outer?: Scope;
}

const typeMismatch = (at: antlr.Token, message: string) =>
  new QueryFailure(ErrorCategory.User, 1006, `TYPE_MISMATCH: line ${at.line}:${at.column + 1}: ${message}`);

class Analyzer {
  /** WITH queries in scope, by name, with their output columns. */
  readonly #ctes: Array<Map<string, Map<string, TrinoType>>> = [];

  constructor(private readonly catalog: AnalysisCatalog) {}

  /** The output columns of a query (name → type), analysing it on the way. */
  query(ctx: Ctx, outer?: Scope): Map<string, TrinoType> {
    const withClause = firstOf(ctx, 'With');
    const ctes = new Map<string, Map<string, TrinoType>>();
    this.#ctes.push(ctes);
    try {
      for (const named of withClause ? allOf(withClause, 'NamedQuery') : []) {
        const columns = this.query(firstOf(named, 'QueryStatement') ?? rules(named).find((c) => kind(c).startsWith('Query'))!, outer);
        const aliases = firstOf(named, 'ColumnAliases');
        ctes.set(identifierText(rules(named)[0]!), aliases ? renamed(columns, aliases) : columns);
      }
      let result = new Map<string, TrinoType>();
      this.#walkQueries(ctx, outer, (columns) => {
        if (result.size === 0) result = columns;
      });
      return result;
    } finally {
      this.#ctes.pop();
    }
  }

  /** Every query specification below `ctx` that is not inside a nested query of its own. */
  #walkQueries(ctx: Ctx, outer: Scope | undefined, found: (columns: Map<string, TrinoType>) => void): void {
    for (const child of rules(ctx)) {
      const k = kind(child);
      if (k === 'QuerySpecification') found(this.specification(child, outer));
      else if (k === 'InlineTable') found(this.values(child, outer));
      else if (k === 'QueryStatement' || k === 'SubqueryRelation' || k === 'Subquery') found(this.query(child, outer));
      else if (k !== 'With') this.#walkQueries(child, outer, found);
    }
  }

  values(ctx: Ctx, outer?: Scope): Map<string, TrinoType> {
    const columns = new Map<string, TrinoType>();
    const scope: Scope = { relations: [], ...(outer ? { outer } : {}) };
    const rows = rules(ctx).filter((c) => kind(c) === 'Expression');
    rows.forEach((row, i) => {
      const type = this.type(row, scope);
      if (i === 0) {
        const fields = rowFields(row);
        if (fields) fields.forEach((f, j) => columns.set(`_col${j}`, this.type(f, scope)));
        else columns.set('_col0', type);
      }
    });
    return columns;
  }

  specification(ctx: Ctx, outer?: Scope): Map<string, TrinoType> {
    const scope: Scope = { relations: [], ...(outer ? { outer } : {}) };
    for (const relation of rules(ctx).filter((c) => kind(c) === 'RelationDefault' || kind(c) === 'JoinRelation')) this.relation(relation, scope);
    const output = new Map<string, TrinoType>();
    const items = firstOf(ctx, 'SelectList');
    allOf(items ?? ctx, 'SelectItem').forEach((item, i) => {
      const expression = rules(item).find((c) => kind(c) === 'SelectExpressionColumnName' || kind(c) === 'SelectLiteralColumnName');
      if (!expression) {
        for (const r of scope.relations) for (const [n, t] of r.columns) output.set(n, t); // * and t.*
        return;
      }
      const type = this.type(expression, scope);
      const alias = rules(item).find((c) => c !== expression && kind(c) !== 'ColumnAliases');
      const reference = columnReference(expression);
      output.set(alias ? identifierText(alias) : reference ? reference[reference.length - 1]! : `_col${i}`, type);
    });
    for (const clause of rules(ctx)) {
      const k = kind(clause);
      if (k === 'WhereClause' || k === 'HavingClause') this.#condition(rules(clause)[0]!, scope, k === 'WhereClause' ? 'WHERE' : 'HAVING');
      else if (k === 'GroupBy') this.type(clause, scope);
    }
    return output;
  }

  /** A WHERE, HAVING or JOIN ON condition: a boolean, in Trino's words when it is not. */
  #condition(expression: Ctx, scope: Scope, clause: string): void {
    const type = this.type(expression, scope);
    if (notBoolean(type)) throw typeMismatch(expression.start!, `${clause} clause must evaluate to a boolean: actual type ${type}`);
  }

  /** An operand that must be a boolean (AND, OR, NOT, CASE WHEN, IF): `what must evaluate to a boolean (actual: T)`. */
  #boolean(operand: Ctx, scope: Scope, what: string): void {
    const type = this.type(operand, scope);
    if (notBoolean(type)) throw typeMismatch(operand.start!, `${what} must evaluate to a boolean (actual: ${type})`);
  }

  relation(ctx: Ctx, scope: Scope): void {
    const k = kind(ctx);
    if (k === 'AliasedRelation') {
      const primary = rules(ctx)[0]!;
      const aliasCtx = rules(ctx).find((c, i) => i > 0 && kind(c) !== 'ColumnAliases');
      const aliases = firstOf(ctx, 'ColumnAliases');
      let relation: Relation | undefined;
      if (kind(primary) === 'TableName') relation = this.table(primary);
      else {
        const subquery = findFirst(primary, ['SubqueryRelation', 'Subquery', 'QueryStatement']);
        if (subquery) relation = { names: [], columns: this.query(subquery, scope.outer) };
        else this.type(primary, scope); // UNNEST, LATERAL, table functions: their expressions only
      }
      if (!relation) {
        scope.relations.push({ names: aliasCtx ? [identifierText(aliasCtx)] : [], columns: new Map([['*', UNKNOWN_TO_ANALYSIS]]) });
        return;
      }
      if (aliasCtx) relation.names = [identifierText(aliasCtx)];
      if (aliases) relation.columns = renamed(relation.columns, aliases);
      scope.relations.push(relation);
      return;
    }
    if (k === 'JoinCriteria') {
      for (const condition of rules(ctx)) {
        if (kind(condition).startsWith('JoinColumn')) this.type(condition, scope);
        else this.#condition(condition, scope, 'JOIN ON');
      }
      return;
    }
    for (const child of rules(ctx)) this.relation(child, scope);
  }

  table(ctx: Ctx): Relation | undefined {
    const parts = qualifiedParts(findFirst(ctx, ['TableRef']) ?? ctx);
    const name = parts[parts.length - 1]!;
    if (parts.length === 1) {
      for (let i = this.#ctes.length - 1; i >= 0; i--) {
        const cte = this.#ctes[i]!.get(name);
        if (cte) return { names: [name], columns: new Map(cte) };
      }
    }
    const database = parts.length >= 2 ? parts[parts.length - 2]! : this.catalog.database;
    const columns = this.catalog.tables[`${database}.${name}`];
    if (!columns) return undefined; // another catalog's, or not found: DuckDB's run says so
    return { names: [name, `${database}.${name}`], columns: new Map(columns.map((c) => [c.name.toLowerCase(), hiveToTrino(c.type)])) };
  }

  resolve(parts: string[], scope: Scope | undefined): TrinoType {
    for (let s = scope; s; s = s.outer) {
      const column = parts[parts.length - 1]!;
      const qualifier = parts.slice(0, -1).join('.');
      const matches = s.relations.filter((r) => (qualifier === '' || r.names.includes(qualifier) || r.names.some((n) => n.endsWith(`.${qualifier}`))) && (r.columns.has(column) || r.columns.has('*')));
      if (matches.length === 1) return matches[0]!.columns.get(column) ?? UNKNOWN_TO_ANALYSIS;
      if (matches.length > 1) return UNKNOWN_TO_ANALYSIS;
    }
    return UNKNOWN_TO_ANALYSIS;
  }

  /** The type of an expression under Trino's rules; refuses what Trino refuses. */
  type(ctx: Ctx, scope: Scope): TrinoType {
    switch (kind(ctx)) {
      case 'Predicated': {
        const [value, predicate] = rules(ctx);
        const left = this.type(value!, scope);
        if (!predicate) return left;
        if (kind(predicate) === 'Like') {
          if (knownNot(left, 'string')) throw typeMismatch(value!.start!, `Left side of LIKE expression must evaluate to a varchar (actual: ${left})`);
          const pattern = rules(predicate)[0];
          const patternType = pattern ? this.type(pattern, scope) : UNKNOWN_TO_ANALYSIS;
          if (knownNot(patternType, 'string')) throw typeMismatch(pattern!.start!, `Pattern for LIKE expression must evaluate to a varchar (actual: ${patternType})`);
          for (const other of rules(predicate).slice(1)) this.type(other, scope);
          return 'boolean';
        }
        if (kind(predicate) === 'Between') {
          const [lower, upper] = rules(predicate).map((c) => this.type(c, scope));
          if (lower && upper && (!comparable(left, lower) || !comparable(left, upper))) {
            const keyword = (predicate.children ?? []).find((c) => c instanceof antlr.TerminalNode && c.getText().toUpperCase() === 'BETWEEN') as antlr.TerminalNode | undefined;
            throw typeMismatch(keyword?.symbol ?? predicate.start!, `Cannot check if ${left} is BETWEEN ${lower} and ${upper}`);
          }
          return 'boolean';
        }
        if (kind(predicate) === 'Comparison') {
          const operatorCtx = firstOf(predicate, 'ComparisonOperator')!;
          const right = this.type(rules(predicate).find((c) => c !== operatorCtx && kind(c) !== 'ComparisonQuantifier')!, scope);
          if (!comparable(left, right)) throw typeMismatch(operatorCtx.start!, `Cannot apply operator: ${left} ${comparisonName(operatorCtx.getText())} ${right}`);
          return 'boolean';
        }
        for (const child of rules(predicate)) this.type(child, scope);
        return 'boolean';
      }
      case 'ArithmeticBinary': {
        const [l, r] = rules(ctx);
        const [left, right] = [this.type(l!, scope), this.type(r!, scope)];
        const operator = (ctx as Ctx & { _operator?: antlr.Token | null })._operator;
        if (operator && !arithmeticApplies(left, right, operator.text ?? '')) throw typeMismatch(operator, `Cannot apply operator: ${left} ${operator.text} ${right}`);
        return categoryOf(left) === 'numeric' && categoryOf(right) === 'numeric' ? widerNumeric(left, right) : UNKNOWN_TO_ANALYSIS;
      }
      case 'Concatenation': {
        const [l, r] = rules(ctx);
        const [left, right] = [this.type(l!, scope), this.type(r!, scope)];
        if (!concatApplies(left, right)) {
          const at = (ctx.children ?? []).find((c) => c instanceof antlr.TerminalNode && c.getText() === '||') as antlr.TerminalNode | undefined;
          const where = at?.symbol ?? ctx.start!;
          throw new QueryFailure(ErrorCategory.User, 1006, `FUNCTION_NOT_FOUND: line ${where.line}:${where.column + 1}: Unexpected parameters (${left}, ${right}) for function concat. Expected: ${CONCAT_SIGNATURES}`);
        }
        return categoryOf(left) === 'string' && categoryOf(right) === 'string' ? 'varchar' : UNKNOWN_TO_ANALYSIS;
      }
      case 'And':
      case 'Or': {
        for (const term of rules(ctx)) this.#boolean(term, scope, 'Logical expression term');
        return 'boolean';
      }
      case 'LogicalNot': {
        this.#boolean(rules(ctx)[0]!, scope, 'Value of logical NOT expression');
        return 'boolean';
      }
      case 'SearchedCase': {
        for (const part of rules(ctx)) {
          if (kind(part) !== 'WhenClause') {
            this.type(part, scope);
            continue;
          }
          const [condition, ...results] = rules(part);
          this.#boolean(condition!, scope, 'CASE WHEN clause');
          for (const r of results) this.type(r, scope);
        }
        return UNKNOWN_TO_ANALYSIS;
      }
      case 'ArithmeticUnary': {
        const operand = this.type(rules(ctx)[0]!, scope);
        const sign = ctx.start!.text;
        if (categoryOf(operand) === 'string' || categoryOf(operand) === 'boolean') {
          throw typeMismatch(ctx.start!, sign === '-' ? `Cannot negate ${operand}` : `Unary '+' operator cannot by applied to ${operand} type`);
        }
        return operand;
      }
      case 'ColumnReference':
      case 'ColumnRef':
      case 'ColumnName':
      case 'Dereference': {
        const parts = columnParts(ctx);
        return parts ? this.resolve(parts, scope) : this.#children(ctx, scope);
      }
      case 'StringLiteral':
        return `varchar(${[...literalValue(ctx.getText())].length})`;
      case 'IntegerLiteral': {
        const value = BigInt(ctx.getText());
        return value <= 2147483647n ? 'integer' : 'bigint';
      }
      case 'DoubleLiteral':
        return 'double';
      case 'BooleanLiteral':
        return 'boolean';
      case 'NullLiteral':
        return 'unknown';
      case 'TypeConstructor': {
        const name = rules(ctx)[0]?.getText().toLowerCase();
        return name === 'date' ? 'date' : name === 'timestamp' ? 'timestamp(3)' : UNKNOWN_TO_ANALYSIS;
      }
      case 'IntervalLiteral':
        return 'interval';
      case 'Cast': {
        this.#children(ctx, scope);
        // CAST(x AS type) and TRY_CAST: the type is the second node (its context is one of the type rule's forms).
        const typeCtx = rules(ctx)[1];
        return typeCtx ? sqlTypeToTrino(typeCtx.getText()) : UNKNOWN_TO_ANALYSIS;
      }
      case 'ParenthesizedExpression':
      case 'ValueExpressionDefault':
      case 'Expression':
      case 'SelectExpressionColumnName':
      case 'SelectLiteralColumnName':
      case 'NumericLiteral': {
        const inner = rules(ctx);
        return inner.length === 1 ? this.type(inner[0]!, scope) : this.#children(ctx, scope);
      }
      case 'SubqueryExpression':
      case 'Exists':
      case 'InSubquery':
      case 'QueryStatement':
      case 'Subquery': {
        for (const child of rules(ctx)) {
          if (kind(child).startsWith('Query') || kind(child) === 'QueryStatement') this.query(child, scope);
          else this.type(child, scope);
        }
        return UNKNOWN_TO_ANALYSIS;
      }
      case 'Lambda':
        return UNKNOWN_TO_ANALYSIS; // its parameters are not columns: not analysed here
      default:
        return this.#children(ctx, scope);
    }
  }

  /** Analyses every sub-expression of a node this analysis does not type (a function call, CASE…). */
  #children(ctx: Ctx, scope: Scope): TrinoType {
    if (kind(ctx) === 'FunctionCall' && /^if\s*\(/i.test(ctx.getText())) {
      // IF(condition, …): Trino's special form, its condition a boolean.
      const [condition, ...rest] = rules(ctx).filter((c) => kind(c) !== 'FunctionName');
      if (condition) this.#boolean(condition, scope, 'IF condition');
      for (const r of rest) this.type(r, scope);
      return UNKNOWN_TO_ANALYSIS;
    }
    for (const child of rules(ctx)) {
      const k = kind(child);
      if (k === 'QueryStatement' || k === 'QueryNoWith' || k === 'Query') this.query(child, scope);
      else this.type(child, scope);
    }
    return kind(ctx) === 'FunctionCall' && /^count\s*\(/i.test(ctx.getText()) ? 'bigint' : UNKNOWN_TO_ANALYSIS;
  }
}

/** A type the analysis knows, and not a boolean (nor NULL, which is any type). */
const notBoolean = (type: TrinoType) => knownNot(type, 'boolean');

function knownNot(type: TrinoType, category: 'boolean' | 'string'): boolean {
  const c = categoryOf(type);
  return c !== undefined && c !== 'null' && c !== 'other' && c !== category;
}

/** `<>` and `!=` are Trino's `=`, `>` and `>=` its `<` and `<=` (operands kept in written order). */
function comparisonName(operator: string): string {
  return ({ '<>': '=', '!=': '=', '>': '<', '>=': '<=' } as Record<string, string>)[operator] ?? operator;
}

function renamed(columns: Map<string, TrinoType>, aliases: Ctx): Map<string, TrinoType> {
  const names = rules(aliases).map(identifierText);
  const types = [...columns.values()];
  return new Map(names.map((n, i) => [n, types[i] ?? UNKNOWN_TO_ANALYSIS]));
}

/**
 * Refuses what Trino's analysis refuses about types in a parsed query, with Athena's error.
 * @throws QueryFailure TYPE_MISMATCH or FUNCTION_NOT_FOUND (USER)
 * @example analyzeQuery(parseTrinoStatement("SELECT 1 FROM t WHERE cid = '1001'"), { database: 'db', tables: { 'db.t': [{ name: 'cid', type: 'bigint' }] } });
 */
export function analyzeQuery(statement: Ctx, catalog: AnalysisCatalog): void {
  const query = findFirst(statement, ['QueryStatement']);
  if (query) new Analyzer(catalog).query(query);
}
