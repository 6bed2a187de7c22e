import { AwsError } from '../../core/errors.js';

/**
 * Glue's client errors, all HTTP 400 with Glue's own wording ("Database x not found.",
 * "Table y not found.", "Database already exists.").
 */
export function entityNotFound(message: string): AwsError {
  return new AwsError('EntityNotFoundException', 400, message);
}

/** The database a request names does not exist. */
export function databaseNotFound(name: string): AwsError {
  return entityNotFound(`Database ${name.toLowerCase()} not found.`);
}

/** The table a request names does not exist (its database does). */
export function tableNotFound(name: string): AwsError {
  return entityNotFound(`Table ${name.toLowerCase()} not found.`);
}

export function alreadyExists(message: string): AwsError {
  return new AwsError('AlreadyExistsException', 400, message);
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', 400, message);
}
