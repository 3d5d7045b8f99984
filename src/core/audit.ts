/**
 * The audit trail's vocabulary: what one event says (who, what, on which target, with what
 * outcome, and the fields it changed). Secrets never enter an event: `changes` are built only from
 * the fields a caller names, and a secret field is recorded as whether one is set, never its value.
 */

export enum AuditOutcome {
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
}

/** Who acted: a caller (its `sub` and organization), or one of the platform's background passes (`system:…`). */
export interface AuditActor {
  sub: string;
  org: string;
}

/** One field's value before and after (null for none); values are plain JSON. */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  actor: AuditActor;
  /** `<target kind>.<verb>`, e.g. `client.register`, `client_provider.update`, `idp.delete_client`. */
  action: string;
  /** The target's global ID. */
  targetId: string;
  /** Store IDs the event can be found by (filters of auditEvents). */
  environmentId?: string | null;
  providerId?: string | null;
  clientId?: string | null;
  outcome?: AuditOutcome;
  /** On a failure: the code of the error (the IdP's, mapped, for an IdP call). */
  errorCode?: string | null;
  summary: string;
  changes?: AuditChange[];
}

/** A background pass acting for an organization. */
export const systemActor = (pass: string, org: string): AuditActor => ({ sub: `system:${pass}`, org });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The named fields whose values differ between two states (null for absent); `secrets` are
 * compared by presence only and recorded as `set` / null, so a value never reaches the trail.
 */
export function changesBetween<T extends object>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  fields: readonly (keyof T & string)[],
  secrets: readonly (keyof T & string)[] = [],
): AuditChange[] {
  const changes: AuditChange[] = [];
  const value = (state: Partial<T> | null, field: keyof T & string) => {
    const raw = state?.[field] ?? null;
    return raw instanceof Date ? raw.toISOString() : raw;
  };
  for (const field of fields) {
    const [a, b] = [value(before, field), value(after, field)];
    if (!same(a, b)) changes.push({ field, before: a, after: b });
  }
  for (const field of secrets) {
    const [a, b] = [value(before, field), value(after, field)];
    // A replaced secret is a change too: said as `replaced`, never with either value.
    if (a === null && b === null) continue;
    if (a !== null && b !== null && a === b) continue;
    changes.push({ field, before: a === null ? null : 'set', after: b === null ? null : a === null ? 'set' : 'replaced' });
  }
  return changes;
}
