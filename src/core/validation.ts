import { userError, UserErrorCode, type UserError } from './errors.js';

/** In names people read: C1 controls and the bidirectional overrides and isolates that make a name display as another. */
const DECEPTIVE = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Control characters: never in a text the platform keeps (SQLite and PostgreSQL refuse NUL, logs and headers break on the rest). */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, but for multi-line text: newline, carriage return and tab are allowed. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether a single-line value (an id, a key, a secret, a token) holds a control character. */
export const hasControlCharacters = (value: string): boolean => CONTROL.test(value);

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`, 1 to maxLength characters. */
export const isScopeToken = (value: string, maxLength: number): boolean => value.length >= 1 && value.length <= maxLength && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(value);

/** Collects userErrors for one input; services refuse the whole mutation if any were found. */
export class Validator {
  readonly errors: UserError[] = [];

  get ok(): boolean {
    return this.errors.length === 0;
  }

  add(code: UserErrorCode, message: string, field?: string): void {
    this.errors.push(userError(code, message, field));
  }

  /** A trimmed, non-blank name of bounded length. */
  name(field: string, value: string, max = 100): string {
    const trimmed = value.trim();
    if (trimmed === '') this.add(UserErrorCode.BLANK, `${field} must not be blank`, field);
    else if (trimmed.length > max) this.add(UserErrorCode.TOO_LONG, `${field} must be at most ${max} characters`, field);
    else if (CONTROL.test(trimmed) || DECEPTIVE.test(trimmed)) this.add(UserErrorCode.INVALID_VALUE, `${field} must not contain control or text-direction characters`, field);
    return trimmed;
  }

  /** Optional free text: null or blank clears it. */
  description(field: string, value: string | null, max = 1000): string | null {
    if (value === null) return null;
    const trimmed = value.trim();
    if (trimmed.length > max) this.add(UserErrorCode.TOO_LONG, `${field} must be at most ${max} characters`, field);
    else if (CONTROL_BUT_LINES.test(trimmed)) this.add(UserErrorCode.INVALID_VALUE, `${field} must not contain control characters other than newlines and tabs`, field);
    return trimmed === '' ? null : trimmed;
  }

  /** A single-line value kept as given (an id, a key, a secret): bounded, without control characters. */
  singleLine(field: string, value: string, max: number): string {
    if (value.length > max) this.add(UserErrorCode.TOO_LONG, `${field} must be at most ${max} characters`, field);
    else if (CONTROL.test(value)) this.add(UserErrorCode.INVALID_VALUE, `${field} must not contain control characters`, field);
    return value;
  }

  /** An absolute http(s) URL without credentials or fragment; null or blank clears it. */
  httpUrl(field: string, value: string | null): string | null {
    if (value === null || value.trim() === '') return null;
    const trimmed = value.trim();
    if (trimmed.length > 2048) {
      this.add(UserErrorCode.TOO_LONG, `${field} must be at most 2048 characters`, field);
      return trimmed;
    }
    if (CONTROL.test(trimmed)) {
      this.add(UserErrorCode.INVALID_URL, `${field} must not contain control characters`, field);
      return trimmed;
    }
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      this.add(UserErrorCode.INVALID_URL, `${field} must be an absolute http or https URL`, field);
      return trimmed;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      this.add(UserErrorCode.INVALID_URL, `${field} must be an absolute http or https URL`, field);
    } else if (url.username || url.password) {
      this.add(UserErrorCode.INVALID_URL, `${field} must not carry credentials; use the authorization settings`, field);
    } else if (url.hash || trimmed.includes('#')) {
      this.add(UserErrorCode.INVALID_URL, `${field} must not have a fragment`, field);
    }
    return trimmed;
  }

  integer(field: string, value: number, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(UserErrorCode.OUT_OF_RANGE, `${field} must be between ${min} and ${max}`, field);
    }
    return value;
  }
}
