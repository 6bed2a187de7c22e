/**
 * Result column names as Athena (Trino) gives them: an alias, else the name of a column reference
 * (`t.x` → `x`), else `_col<position>` (`SELECT 1` → `_col0`, `count(*)` → `_col0`). Read from
 * DuckDB's parse tree (json_serialize_sql) of the outermost query: its first set-operation branch,
 * `SELECT *` expanded to the names DuckDB gives (or, over a subquery or CTE, that query's names).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

/** A select item's name, undefined when Trino leaves it unnamed (→ `_colN`), or a star to expand. */
type Item = { name: string | undefined } | { star: Node };

const isNode = (v: Json | undefined): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** The SELECT node that names a query's columns: the first branch of set operations. */
function namingSelect(node: Json | undefined): Node | undefined {
  let n = node;
  while (isNode(n) && n.type === 'SET_OPERATION_NODE') n = n.left;
  return isNode(n) && n.type === 'SELECT_NODE' ? n : undefined;
}

function itemsOf(select: Node): Item[] {
  const list = Array.isArray(select.select_list) ? select.select_list : [];
  return list.filter(isNode).map((e): Item => {
    if (typeof e.alias === 'string' && e.alias !== '') return { name: e.alias };
    if (e.class === 'STAR' && !e.columns && !e.expr) return { star: e };
    if (e.class === 'COLUMN_REF' && Array.isArray(e.column_names)) return { name: String(e.column_names[e.column_names.length - 1]) };
    return { name: undefined };
  });
}

/** Names of a relation's columns when they can be read from the tree (a subquery, a CTE, VALUES); undefined otherwise. */
function relationNames(table: Json | undefined, ctes: Map<string, Node>, depth = 0): Array<string | undefined> | undefined {
  if (!isNode(table) || depth > 16) return undefined;
  const aliases = Array.isArray(table.column_name_alias) ? table.column_name_alias.map(String) : [];
  let names: Array<string | undefined> | undefined;
  if (table.type === 'SUBQUERY' && isNode(table.subquery)) names = queryNames(table.subquery.node, ctes, depth + 1);
  else if (table.type === 'BASE_TABLE' && !table.schema_name && !table.catalog_name && ctes.has(String(table.table_name).toLowerCase())) {
    const cte = ctes.get(String(table.table_name).toLowerCase())!;
    const cteAliases = Array.isArray(cte.aliases) ? cte.aliases.map(String) : [];
    names = isNode(cte.query) ? queryNames(cte.query.node, ctes, depth + 1) : undefined;
    if (names) names = names.map((n, i) => cteAliases[i] ?? n);
  } else if (table.type === 'EXPRESSION_LIST' && Array.isArray(table.values) && Array.isArray(table.values[0])) {
    names = table.values[0].map(() => undefined);
  }
  if (!names) return undefined;
  return names.map((n, i) => aliases[i] ?? n);
}

/** Column names of a query node whose select list has no star over an unknown relation. */
function queryNames(node: Json | undefined, outer: Map<string, Node>, depth: number): Array<string | undefined> | undefined {
  const select = namingSelect(node);
  if (!select) return undefined;
  const ctes = withCtes(node, outer);
  const out: Array<string | undefined> = [];
  for (const item of itemsOf(select)) {
    if ('name' in item) out.push(item.name);
    else {
      const expanded = item.star.relation_name ? undefined : relationNames(select.from_table, ctes, depth);
      if (!expanded) return undefined;
      out.push(...expanded);
    }
  }
  return out;
}

function withCtes(node: Json | undefined, outer: Map<string, Node>): Map<string, Node> {
  const map = new Map(outer);
  const entries = isNode(node) && isNode(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
  for (const entry of entries) if (isNode(entry) && typeof entry.key === 'string' && isNode(entry.value)) map.set(entry.key.toLowerCase(), entry.value);
  return map;
}

/**
 * Athena's names for the `duckNames.length` columns of the query whose parsed statement is
 * `statement` (one element of json_serialize_sql's `statements`). Where a position cannot be
 * told (items between two stars), DuckDB's name is kept.
 *
 * @example
 * athenaColumnNames(parsed('SELECT id, id + 1, t.name FROM t'), ['id', '(id + 1)', 'name']); // ['id', '_col1', 'name']
 */
export function athenaColumnNames(statement: Json | undefined, duckNames: string[]): string[] {
  const node = isNode(statement) ? statement.node : undefined;
  const select = namingSelect(node);
  if (!select) return duckNames;
  const ctes = withCtes(node, new Map());
  const items = itemsOf(select);
  const names: Array<string | undefined | null> = new Array(duckNames.length).fill(null);
  const stars = items.filter((i) => 'star' in i).length;
  // Items before the first star sit at their own positions; items after the last star count from the end.
  const lastStar = items.map((i) => 'star' in i).lastIndexOf(true);
  const firstStar = items.findIndex((i) => 'star' in i);
  items.forEach((item, index) => {
    if (!('name' in item)) return;
    if (stars === 0 || index < firstStar) names[index] = item.name;
    else if (index > lastStar) names[duckNames.length - (items.length - index)] = item.name;
  });
  if (stars === 1) {
    const star = items[firstStar] as { star: Node };
    const width = duckNames.length - (items.length - 1);
    const known = star.star.relation_name ? undefined : relationNames(select.from_table, ctes);
    if (known && known.length === width) known.forEach((n, k) => (names[firstStar + k] = n));
  }
  return duckNames.map((duck, i) => {
    const n = names[i];
    if (n === null) return duck;
    // A column reference takes the column's own spelling (`SELECT ID` over column `id` → `id`).
    if (n !== undefined && n.toLowerCase() === duck.toLowerCase()) return duck;
    return n ?? `_col${i}`;
  });
}
