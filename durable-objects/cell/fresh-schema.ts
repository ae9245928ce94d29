/**
 * A new cell's tables written at once, derived from the migrations (./migrations.ts) so that those stay
 * the schema's one source. Each table's CREATE is written with the columns later migrations add to it,
 * placed where SQLite itself puts them when ADD COLUMN rewrites the table's stored CREATE: a new cell's
 * sqlite_master then reads exactly as a migrated cell's. One CREATE per table instead of the CREATEs
 * and their ALTERs (each ALTER rewrites and reparses the whole schema) is what keeps a new cell cheap.
 * Pure text work, done once per isolate.
 */

/** `CREATE TABLE [IF NOT EXISTS] name (`, ending where the name starts (SQLite stores the text from there). */
const CREATE_TABLE = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?=(\w+)\s*\()/i;
const ADD_COLUMN = /^ALTER\s+TABLE\s+(\w+)\s+ADD\s+(?:COLUMN\s+)?(\S[\s\S]*)$/i;
/** What starts a table constraint in a column list (after which ADD COLUMN may not append). */
const TABLE_CONSTRAINT = /^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i;

/** Calls `visit` with each character's index outside quoted text; stops when it returns true. */
function scanUnquoted(text: string, from: number, visit: (index: number) => boolean): number {
  let quote: string | null = null;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (visit(index)) {
      return index;
    }
  }
  return -1;
}

/** A migration's statements, split at its unquoted semicolons, trimmed. */
export function statementsOf(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  scanUnquoted(script, 0, (index) => {
    if (script[index] !== ";") return false;
    statements.push(script.slice(start, index).trim());
    start = index + 1;
    return false;
  });
  statements.push(script.slice(start).trim());
  return statements.filter((statement) => statement !== "");
}

/**
 * Where SQLite puts a column added to this stored CREATE: before the comma that starts the first table
 * constraint, else before the column list's closing parenthesis.
 */
function addedColumnOffset(create: string): number {
  let depth = 0;
  const offset = scanUnquoted(create, create.indexOf("("), (index) => {
    const char = create[index];
    if (char === "(") depth += 1;
    else if (char === ")") depth -= 1;
    if (depth === 0) return true;
    return char === "," && depth === 1 && TABLE_CONSTRAINT.test(create.slice(index + 1).trimStart());
  });
  if (offset === -1) throw new Error(`no end to the column list of: ${create}`);
  return offset;
}

/**
 * Every table the migrations make, as the one CREATE SQLite would store for it once they have all run;
 * undefined when a migration does anything but create tables and add columns (the migrations then run
 * one by one).
 */
export function freshTablesOf(migrations: readonly string[]): string[] | undefined {
  const tables = new Map<string, string>();
  for (const statement of migrations.flatMap(statementsOf)) {
    const create = CREATE_TABLE.exec(statement);
    if (create) {
      if (tables.has(create[1]!)) return undefined;
      tables.set(create[1]!, `CREATE TABLE ${statement.slice(create[0].length)}`);
      continue;
    }
    const add = ADD_COLUMN.exec(statement);
    const table = add ? tables.get(add[1]!) : undefined;
    if (!add || table === undefined) return undefined;
    const offset = addedColumnOffset(table);
    tables.set(add[1]!, `${table.slice(0, offset)}, ${add[2]}${table.slice(offset)}`);
  }
  return [...tables.values()];
}
