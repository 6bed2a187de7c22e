import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AwsError } from '../../../core/errors.js';
import type { BodyStream } from '../../../protocols/http.js';

/**
 * Reads a browser form upload (multipart/form-data) as S3 does: the fields before the part named
 * `file`, then the file as a stream. Parsing is busboy's; this file decides what S3 refuses.
 * Nothing but the fields is held: the file's bytes flow to whoever reads {@link FormHead.file},
 * and only after the caller has been authorized.
 */

/**
 * S3 refuses a form whose fields before the file pass 20 KB (MaxPostPreDataLengthExceededError),
 * counted here as the bytes of their names and values, as 20,000 (S3 refuses a 20,000-character
 * field).
 */
export const MAX_PRE_DATA_BYTES = 20_000;
/** The raw bytes (boundaries, part headers, a preamble) read while looking for the file. */
const MAX_BYTES_BEFORE_FILE = 64 * 1024;

/** The fields of a form, up to its file, and the file. */
export interface FormHead {
  /** Fields by lower-cased name (S3 reads names in any case); the first of a repeated name counts. */
  fields: Map<string, string>;
  /** The file part's file name (`filename=`), after its last slash or backslash; empty without one. */
  filename: string;
  /** The file's bytes as they arrive. It ends only once the whole form has been read and found well-formed. */
  file: BodyStream;
}

export function malformedPostRequest(): AwsError {
  return new AwsError('MalformedPOSTRequest', 400, 'The body of your POST request is not well-formed multipart/form-data.');
}

function preDataTooLarge(): AwsError {
  return new AwsError('MaxPostPreDataLengthExceededError', 400, 'Your POST request fields preceding the upload file were too large.');
}

function noFile(): AwsError {
  return new AwsError('InvalidArgument', 400, 'POST requires exactly one file upload per request.', { ArgumentName: 'file', ArgumentValue: '0' });
}

/** Whether a Content-Type is a multipart form (S3 answers anything else 412, before reading the body). */
export function isFormData(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*multipart\/form-data\s*(;|$)/i.test(contentType);
}

function streamOf(body: Buffer | BodyStream | undefined): AsyncIterable<Buffer> | Iterable<Buffer> {
  if (body === undefined) return [Buffer.alloc(0)];
  return Buffer.isBuffer(body) ? [body] : body;
}

/**
 * Reads the form up to its file: resolves once the part named `file` begins, or rejects with
 * S3's error (MalformedPOSTRequest for a body that is not well-formed multipart/form-data,
 * MaxPostPreDataLengthExceededError, InvalidArgument for a form without a file). An error of
 * the body itself (a signature that does not match, a client gone) is passed on as it is.
 */
export function readFormHead(body: Buffer | BodyStream | undefined, contentType: string): Promise<FormHead> {
  return new Promise<FormHead>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        // A field over the pre-data bound is truncated (and refused), never held whole.
        limits: { fieldSize: MAX_PRE_DATA_BYTES + 1, fieldNameSize: MAX_PRE_DATA_BYTES },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(malformedPostRequest());
      return;
    }
    const fields = new Map<string, string>();
    let preData = 0;
    let found = false;
    let failure: unknown;
    /** The body's own error, kept apart from busboy's complaints about the form. */
    let bodyError: unknown;
    const fail = (e: unknown) => {
      if (failure !== undefined) return;
      failure = e;
      reject(e);
      parser.destroy();
    };
    const keepField = (name: string, value: string, truncated: boolean) => {
      preData += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (truncated || preData > MAX_PRE_DATA_BYTES) return fail(preDataTooLarge());
      const lower = name.toLowerCase();
      if (!fields.has(lower)) fields.set(lower, value);
    };
    // Settles when busboy has read the whole form (or found it malformed); the file ends only then.
    const formRead = new Promise<void>((done, broken) => {
      parser.once('finish', done);
      parser.on('error', () => broken(bodyError ?? malformedPostRequest()));
    });
    formRead.catch(() => undefined);
    /** Fields sent as file parts, still being read when the file begins. */
    const pending: Array<Promise<void>> = [];
    const fileFound = (filename: string, stream: AsyncIterable<Buffer> | Iterable<Buffer>) => {
      found = true;
      const file: BodyStream = {
        trailers: new Map(),
        async *[Symbol.asyncIterator]() {
          try {
            for await (const chunk of stream) yield chunk;
          } catch {
            throw bodyError ?? malformedPostRequest();
          }
          await formRead;
        },
      };
      void Promise.all(pending).then(() => failure === undefined && resolve({ fields, filename, file }));
    };
    parser.on('field', (name: string | undefined, value, info) => {
      if (found || failure !== undefined) return;
      // A part whose Content-Disposition names no field (busboy gives it no name) is not a form.
      if (typeof name !== 'string') return fail(malformedPostRequest());
      if (name.toLowerCase() === 'file') {
        // A file sent as a plain text part: its text is the file, within the field bound.
        if (info.valueTruncated) return fail(preDataTooLarge());
        return fileFound('', [Buffer.from(value, 'utf8')]);
      }
      keepField(name, value, info.nameTruncated || info.valueTruncated);
    });
    parser.on('file', (name: string | undefined, stream, info) => {
      // A form found malformed later destroys the part's stream with an error: whoever reads it
      // sees that error; one nobody reads (the request was refused) must not take the process down.
      stream.on('error', () => undefined);
      if (found || failure !== undefined) return void stream.resume();
      if (typeof name !== 'string') {
        stream.resume();
        return fail(malformedPostRequest());
      }
      if (name.toLowerCase() === 'file') return fileFound(info.filename ?? '', stream);
      // Another field sent as a file part: read as a field, within the same bound.
      const parts: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_PRE_DATA_BYTES) return fail(preDataTooLarge());
        parts.push(chunk);
      });
      pending.push(
        new Promise<void>((done) => {
          stream.once('close', done);
          stream.once('end', () => {
            if (failure === undefined) keepField(name, Buffer.concat(parts).toString('utf8'), false);
          });
        }),
      );
    });
    parser.once('finish', () => {
      if (!found) fail(noFile());
    });
    parser.on('error', () => {
      if (!found) fail(bodyError ?? malformedPostRequest());
    });
    let read = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of streamOf(body)) {
          if (!found && read > MAX_BYTES_BEFORE_FILE) throw preDataTooLarge();
          read += chunk.length;
          yield chunk;
        }
      } catch (e) {
        bodyError = e;
        throw e;
      }
    }
    pipeline(Readable.from(counted()), parser).catch(() => {
      // Reported through the parser's error (above); a refused request's body is left unread.
    });
  });
}
