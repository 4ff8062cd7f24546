import { BadRequestException } from '@nestjs/common';

/** Longest accepted username, in characters. */
export const USERNAME_MAX_LENGTH = 64;
/** Longest accepted password, in characters: bounds the hashing work a request can cause. */
export const PASSWORD_MAX_LENGTH = 256;

/** The fields of a login request. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * Reads `username` and `password` from a parsed form or JSON body. Throws a 400 listing every
 * missing, non-text or oversized field.
 */
export function parseCredentials(body: unknown): Credentials {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const problems: string[] = [];
  const username = readField(fields, 'username', USERNAME_MAX_LENGTH, problems);
  const password = readField(fields, 'password', PASSWORD_MAX_LENGTH, problems);
  if (problems.length > 0) {
    throw new BadRequestException(problems);
  }
  return { username: username!, password: password! };
}

function readField(
  fields: Record<string, unknown>,
  name: string,
  maxLength: number,
  problems: string[],
): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') {
    problems.push(`${name} is required.`);
  } else if (typeof value !== 'string') {
    problems.push(`${name} must be a string.`);
  } else if (value.length > maxLength) {
    problems.push(`${name} must be at most ${maxLength} characters.`);
  } else {
    return value;
  }
  return undefined;
}
