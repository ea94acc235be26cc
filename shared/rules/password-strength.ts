import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE } from './password-strength-limits.js';

/**
 * How strong a new password must be (issue 14, finding 7: `aaaaaaaaaaaa` passed a length-only
 * rule). zxcvbn estimates the guesses an attacker needs from dictionaries of common passwords,
 * keyboard patterns, repeats and sequences; its score runs 0–4, and 3 ("safely unguessable:
 * moderate protection from an offline slow-hash attack", about 10^8 guesses and more) is the
 * usual minimum. The server is the authority (shared/schemas/session.ts); the client loads this
 * module only on a password form, for the meter. Its dictionaries are a few hundred KB.
 */
export { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE };

let factory: ZxcvbnFactory | null = null;

/** The zxcvbn score (0–4); `related` (username, display name) counts as guessable. */
export function passwordScore(password: string, related: string[] = []): number {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory.check(password, related.filter(Boolean)).score;
}

/** Long enough and scored at least MIN_PASSWORD_SCORE. */
export const strongEnough = (password: string, related: string[] = []): boolean =>
  password.length >= MIN_PASSWORD_LENGTH && passwordScore(password, related) >= MIN_PASSWORD_SCORE;
