import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/**
 * The built-in platform provider issues credentials itself: a random client id and a 256-bit
 * client secret, shown once and kept only sealed.
 */
export const platformCredentials = {
  newClientId(): string {
    return `pf_${randomBytes(16).toString('hex')}`;
  },

  newClientSecret(): string {
    return randomBytes(32).toString('base64url');
  },

  /** Constant-time comparison (hashing first makes the lengths equal). */
  secretsEqual(presented: string, stored: string): boolean {
    const a = createHash('sha256').update(presented, 'utf8').digest();
    const b = createHash('sha256').update(stored, 'utf8').digest();
    return timingSafeEqual(a, b);
  },
};
