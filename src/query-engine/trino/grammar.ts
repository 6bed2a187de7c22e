/**
 * Trino's grammar, as Athena (engine v3) parses queries: the ANTLR lexer and parser generated from
 * Trino's SqlBase grammar (by dt-sql-parser, copied into dist/ at build, see scripts/build.mjs),
 * run the way Trino runs them: the fast SLL prediction first, full LL only when SLL fails, and the
 * first syntax error worded as Trino words it (expected-input.ts). Only the statement Trino would
 * parse is accepted: nothing DuckDB-only reaches DuckDB.
 */
import * as antlr from 'antlr4ng';
import type { TrinoSqlLexer as Lexer } from 'dt-sql-parser/dist/lib/trino/TrinoSqlLexer.js';
import type { TrinoSqlParser as Parser, SingleStatementContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser.js';
import { expectedAfterStatement, expectedInput, type ExpectedInput, type ExpectedInputRules } from './expected-input.js';

type LexerClass = typeof Lexer;
type ParserClass = typeof Parser;

// The generated modules sit beside this file once built; loaded by URL because they are not
// TypeScript sources of ours (their types come from the package they are copied from).
const grammarUrl = (name: string) => new URL(`./grammar/${name}`, import.meta.url).href;
const { TrinoSqlLexer } = (await import(grammarUrl('TrinoSqlLexer.js'))) as { TrinoSqlLexer: LexerClass };
const { TrinoSqlParser } = (await import(grammarUrl('TrinoSqlParser.js'))) as { TrinoSqlParser: ParserClass };

/** A syntax error at a 1-based line and column, worded as Trino words it (without `line L:C: `). */
export class TrinoSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'TrinoSyntaxError';
  }
}

/** Rules Trino names by what they stand for in an "Expecting:" list, and tokens it renames. */
const rule = (name: string) => {
  const index = TrinoSqlParser.ruleNames.indexOf(name);
  if (index < 0) throw new Error(`the Trino grammar has no rule ${name}`);
  return index;
};
const RULES: ExpectedInputRules = {
  special: new Map([
    [rule('expression'), '<expression>'],
    [rule('booleanExpression'), '<expression>'],
    [rule('valueExpression'), '<expression>'],
    [rule('primaryExpression'), '<expression>'],
    [rule('predicate'), '<predicate>'],
    [rule('identifier'), '<identifier>'],
    [rule('string'), '<string>'],
    [rule('query'), '<query>'],
    [rule('type'), '<type>'],
  ]),
  specialTokens: new Map([[TrinoSqlParser.INTEGER_VALUE, '<integer>']]),
  ignored: new Set([rule('nonReserved')]),
  statement: rule('singleStatement'),
};

const furthest = (e: ExpectedInput) => e.line * 1e9 + e.column;

const wording = (expected: ExpectedInput) => `mismatched input '${expected.tokenText}'. Expecting: ${expected.names.join(', ')}`;

/** Thrown out of the parser at its first error, so that nothing after it is read. */
class FirstError extends Error {
  constructor(readonly syntax: TrinoSyntaxError | undefined) {
    super('syntax error');
  }
}

class StopAtFirstError extends antlr.BaseErrorListener {
  constructor(private readonly explain: boolean) {
    super();
  }

  override syntaxError<S extends antlr.Token, T extends antlr.ATNSimulator>(
    recognizer: antlr.Recognizer<T>,
    _offendingSymbol: S | null,
    line: number,
    charPositionInLine: number,
    message: string,
    e: antlr.RecognitionException | null,
  ): void {
    if (!this.explain) throw new FirstError(undefined);
    // The lexer's errors keep ANTLR's words (e.g. "token recognition error at: '`'"), as Trino's do.
    if (recognizer instanceof antlr.Parser) {
      // Worded at the furthest token any path reached, where Trino's parser stops. Walked from
      // the parser's state, as Trino walks, and over the whole statement from its start: antlr4ng
      // can name a state past the token it names (`(SELECT … FROM 'x')` would stop at the first
      // `(`) or the first token of the failed decision (the first `/` of `7 // 2`). The walk that
      // got further is right.
      const fromState = expectedInput(recognizer, e, RULES);
      const fromStart = expectedAfterStatement(recognizer, RULES);
      const expected = !fromState || (fromStart && furthest(fromStart) > furthest(fromState)) ? fromStart : fromState;
      if (expected) throw new FirstError(new TrinoSyntaxError(wording(expected), expected.line, expected.column));
    }
    throw new FirstError(new TrinoSyntaxError(message, line, charPositionInLine + 1));
  }
}

function newParser(sql: string, mode: number, explain: boolean): Parser {
  const lexer = new TrinoSqlLexer(antlr.CharStreams.fromString(sql));
  const parser = new TrinoSqlParser(new antlr.CommonTokenStream(lexer));
  const listener = new StopAtFirstError(explain);
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  (parser.interpreter as antlr.ParserATNSimulator).predictionMode = mode;
  return parser;
}

/**
 * Tokens Trino's lexer reads but its AST builder refuses, with its words: backquoted identifiers,
 * identifiers starting with a digit, `""`, and integer literals outside bigint (in a parsed
 * statement such identifier tokens can only be identifiers).
 */
function assertTrinoTokens(stream: antlr.TokenStream): void {
  for (let i = 0; i < stream.size; i++) {
    const t = stream.get(i);
    let refusal = IDENTIFIER_REFUSALS.get(t.type);
    if (t.type === TrinoSqlParser.QUOTED_IDENTIFIER && t.text === '""') refusal = 'Zero-length delimited identifier not allowed';
    if (refusal) throw new FirstError(new TrinoSyntaxError(refusal, t.line, t.column + 1));
    if (t.type === TrinoSqlParser.INTEGER_VALUE) {
      const negative = previousVisible(stream, i)?.text === '-';
      const value = BigInt(t.text ?? '0') * (negative ? -1n : 1n);
      // Trino names the literal with its sign and places the error at the statement's start.
      if (value > BIGINT_MAX || value < -BIGINT_MAX - 1n) throw new FirstError(new TrinoSyntaxError(`Invalid numeric literal: ${negative ? '-' : ''}${t.text}`, 1, 1));
    }
  }
}

const BIGINT_MAX = 2n ** 63n - 1n;

function previousVisible(stream: antlr.TokenStream, index: number): antlr.Token | undefined {
  for (let j = index - 1; j >= 0; j--) if (stream.get(j).channel !== antlr.Token.HIDDEN_CHANNEL) return stream.get(j);
  return undefined;
}

const IDENTIFIER_REFUSALS = new Map([
  [TrinoSqlParser.BACKQUOTED_IDENTIFIER, 'backquoted identifiers are not supported; use double quotes to quote identifiers'],
  [TrinoSqlParser.DIGIT_IDENTIFIER, 'identifiers must not start with a digit; surround the identifier with double quotes'],
]);

/**
 * Reads one statement; input left after it is an error at its first token, as Trino's
 * `statement EOF` makes it. (The generated grammar's entry for several statements is not used: a
 * parenthesised query after a statement would read as a second statement there, and change how
 * the first one is read: `x > ALL (SELECT …)` as `x > all` and then a query.)
 */
function readOne(sql: string, mode: number, explain: boolean): SingleStatementContext {
  const parser = newParser(sql, mode, explain);
  const statement = parser.singleStatement();
  const next = parser.tokenStream.LT(1);
  if (!next || next.type === antlr.Token.EOF) {
    assertTrinoTokens(parser.tokenStream);
    return statement;
  }
  if (!explain) throw new FirstError(undefined);
  const expected = expectedAfterStatement(parser, RULES);
  if (expected) throw new FirstError(new TrinoSyntaxError(wording(expected), expected.line, expected.column));
  throw new FirstError(new TrinoSyntaxError(`mismatched input '${next.text ?? ''}'. Expecting: <EOF>`, next.line, next.column + 1));
}

/**
 * How deep parentheses and brackets may nest. ANTLR decides what a `(` opens (a subquery, a row,
 * a lambda's parameters, a parenthesised expression) by reading ahead to its `)`, so each level
 * costs a scan of everything inside it: measured, 100 levels parse in about 2 s on a cold
 * process and 400 levels in 7 s. Past this, the statement is refused as Trino refuses one too
 * deep for its stack (docs/athena-sql.md, Known differences).
 */
export const MAX_NESTING = 100;

function assertNesting(sql: string): void {
  const lexer = new TrinoSqlLexer(antlr.CharStreams.fromString(sql));
  lexer.removeErrorListeners();
  let depth = 0;
  for (let t = lexer.nextToken(); t.type !== antlr.Token.EOF; t = lexer.nextToken()) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    if (depth > MAX_NESTING) throw new TrinoSyntaxError(TOO_LARGE, 1, 1);
  }
}

const TOO_LARGE = 'statement is too large (stack overflow while parsing)';

/**
 * Parses one statement with Trino's grammar.
 * @throws TrinoSyntaxError at the first token Trino would refuse
 * @example
 * parseTrinoStatement('SELECT cid, FROM t'); // throws: line 1:13: mismatched input 'FROM'. Expecting: …
 */
export function parseTrinoStatement(sql: string): SingleStatementContext {
  assertNesting(sql);
  try {
    return readOne(sql, antlr.PredictionMode.SLL, false);
  } catch (e) {
    // Nesting deep enough to exhaust the stack is refused as Trino refuses it.
    if (e instanceof RangeError) throw new TrinoSyntaxError(TOO_LARGE, 1, 1);
    if (!(e instanceof FirstError)) throw e;
  }
  // SLL prediction can fail on text that full LL reads (and always fails on a real error): read
  // again with LL, and let the first error be worded.
  try {
    return readOne(sql, antlr.PredictionMode.LL, true);
  } catch (e) {
    if (e instanceof FirstError && e.syntax) throw e.syntax;
    if (e instanceof RangeError) throw new TrinoSyntaxError(TOO_LARGE, 1, 1);
    throw e;
  }
}
