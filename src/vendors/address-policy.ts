import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The setting that opens internal addresses, named in every refusal. */
const ALLOWED_NETWORKS_SETTING = 'IDP_ALLOWED_NETWORKS';

/**
 * Where calls to identity providers may go. Only public unicast addresses, unless an address is in
 * one of the allowed networks (CIDRs) or the call is to one of the allowed host names: loopback,
 * private (RFC 1918), link-local (cloud metadata), unique-local, shared (100.64.0.0/10),
 * unspecified, multicast, broadcast and reserved addresses are refused, and so are their
 * IPv4-mapped and NAT64 forms (classified by the IPv4 address inside), 6to4 and Teredo.
 * Checked on the address actually connected to (see http.ts), so names resolving inward are caught.
 */
export class AddressPolicy {
  private constructor(
    private readonly networks: [Address, number][],
    private readonly hostNames: ReadonlySet<string>,
  ) {}

  /** Entries are CIDRs (`10.20.0.0/16`, `fd00:1::/32`), single addresses, or host names; a bad entry throws. */
  static allowing(entries: readonly string[]): AddressPolicy {
    const networks: [Address, number][] = [];
    const hostNames = new Set<string>();
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      if (entry.includes('/')) {
        networks.push(ipaddr.parseCIDR(entry)); // throws on a bad CIDR
      } else if (ipaddr.isValid(entry)) {
        const address = ipaddr.parse(entry);
        networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else if (/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(entry)) {
        hostNames.add(entry);
      } else {
        throw new Error(`"${raw.trim()}" is neither a CIDR, an IP address nor a host name`);
      }
    }
    return new AddressPolicy(networks, hostNames);
  }

  /** Why a connection to `address` (resolved from `hostName`) is refused, or undefined when it is allowed. */
  refusal(address: string, hostName: string): string | undefined {
    if (this.hostNames.has(hostName.toLowerCase().replace(/\.$/, ''))) return undefined;
    if (!ipaddr.isValid(address)) return 'not an IP address';
    const parsed = embeddedIPv4(ipaddr.parse(address));
    if (this.networks.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return undefined;
    const range = parsed.range();
    return range === 'unicast' ? undefined : range;
  }

  /**
   * A URL whose host is a literal address that is refused: that address and why. Undefined for host
   * names (checked on what they resolve to, when they are called) and for allowed addresses.
   */
  literalRefusal(url: string): { address: string; reason: string } | undefined {
    let address: string;
    try {
      address = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return undefined; // the URL rules report it
    }
    const reason = ipaddr.isValid(address) ? this.refusal(address, address) : undefined;
    return reason === undefined ? undefined : { address, reason };
  }

  /** The message for a refused destination, naming the setting that can open it. */
  static message(address: string, reason: string): string {
    return `The identity provider's address ${address} (${reason}) is not allowed; an IdP on an internal network must be listed in ${ALLOWED_NETWORKS_SETTING}`;
  }
}

/** IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses are judged by the IPv4 address inside. */
function embeddedIPv4(address: Address): Address {
  if (address.kind() !== 'ipv6') return address;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (v6.range() === 'rfc6052') {
    const bytes = v6.toByteArray();
    return ipaddr.fromByteArray(bytes.slice(12));
  }
  return v6;
}
