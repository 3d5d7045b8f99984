import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/store/secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = box.seal('SSWS token-value', 'client_provider:1:registration_authorization');
    const b = box.seal('SSWS token-value', 'client_provider:1:registration_authorization');
    expect(a).not.toBe(b);
    expect(a).not.toContain('token-value');
    expect(box.open(a, 'client_provider:1:registration_authorization')).toBe('SSWS token-value');
  });

  it('refuses a value moved to another row or column, tampered with, or sealed under another key', () => {
    const sealed = box.seal('secret', 'client:1:secret');
    expect(() => box.open(sealed, 'client:2:secret')).toThrow();
    const [version, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.open([version, iv, flipped.toString('base64url'), tag].join('.'), 'client:1:secret')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'client:1:secret')).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});
