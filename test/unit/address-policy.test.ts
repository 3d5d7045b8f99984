import { describe, expect, it } from 'vitest';
import { AddressPolicy } from '../../src/vendors/address-policy.js';

const closed = AddressPolicy.allowing([]);

describe('AddressPolicy', () => {
  it('allows public unicast addresses, IPv4 and IPv6, and their NAT64 and mapped forms', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(closed.refusal(address, 'idp.example.com'), address).toBeUndefined();
    }
  });

  it('refuses every inward or special range by default, naming it', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.7', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['fd00::1', 'uniqueLocal'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:169.254.169.254', 'linkLocal'],
      ['64:ff9b::a00:1', 'private'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['2002:7f00:1::', '6to4'],
      ['2001::1', 'teredo'],
    ];
    for (const [address, range] of cases) expect(closed.refusal(address, address), address).toBe(range);
  });

  it('opens allowed networks (CIDRs and single addresses, also in mapped form) and allowed host names only', () => {
    const open = AddressPolicy.allowing(['10.20.0.0/16', ' 127.0.0.1 ', 'fd00:1::/32', 'IdP.Corp.Example']);
    expect(open.refusal('10.20.3.4', 'x')).toBeUndefined();
    expect(open.refusal('::ffff:10.20.3.4', 'x')).toBeUndefined();
    expect(open.refusal('10.21.0.1', 'x')).toBe('private');
    expect(open.refusal('127.0.0.1', 'x')).toBeUndefined();
    expect(open.refusal('127.0.0.2', 'x')).toBe('loopback');
    expect(open.refusal('fd00:1::5', 'x')).toBeUndefined();
    expect(open.refusal('fd00:2::5', 'x')).toBe('uniqueLocal');
    expect(open.refusal('10.99.0.1', 'idp.corp.example')).toBeUndefined();
    expect(open.refusal('10.99.0.1', 'idp.corp.example.')).toBeUndefined();
    expect(open.refusal('10.99.0.1', 'evil.idp.corp.example')).toBe('private');
  });

  it('refuses bad entries as it reads them', () => {
    expect(() => AddressPolicy.allowing(['10.0.0.0/33'])).toThrow();
    expect(() => AddressPolicy.allowing(['not a host'])).toThrow(/neither a CIDR/);
    expect(() => AddressPolicy.allowing(['http://10.0.0.1'])).toThrow();
  });

  it('judges a URL by its literal host, in every spelling URLs allow, and leaves host names to resolution', () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://127.1/', 'http://2130706433/', 'http://0x7f.0.0.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'https://[64:ff9b::a9fe:a9fe]/latest']) {
      expect(closed.literalRefusal(url), url).toBeDefined();
    }
    expect(closed.literalRefusal('https://idp.example.com/')).toBeUndefined();
    expect(closed.literalRefusal('http://localhost:8080/')).toBeUndefined(); // a name: checked on what it resolves to
    expect(closed.literalRefusal('not a url')).toBeUndefined();
  });

  it('says which setting opens a refused address', () => {
    expect(AddressPolicy.message('10.0.0.1', 'private')).toMatch(/10\.0\.0\.1 \(private\).*IDP_ALLOWED_NETWORKS/);
  });
});
