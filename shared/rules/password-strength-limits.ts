/**
 * The password rule's numbers, apart from zxcvbn (password-strength.ts), so a form can state
 * the rule in its hint without downloading the estimator's dictionaries.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable", the usual minimum. */
export const MIN_PASSWORD_SCORE = 3;
