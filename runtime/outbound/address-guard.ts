import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Callback URLs come from the API's caller, so sending to them is a
 * server-side request forgery risk: by default only public addresses are
 * allowed. The check is on the addresses the host resolves to, at connection
 * time (no second lookup an attacker could answer differently), not on the
 * URL's text.
 */

/** Hosts (exact names) and address ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) that may be called anyway. */
export type AllowList = readonly string[];

export class RefusedDestinationError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      `Refused to send a callback to ${host} (${address}): it is a ${range} address, and callback URLs come from API callers. ` +
        `To allow it, add "${address}" (or its range, or the host name) to the \`allow\` option (CALLSPEC_CALLBACK_ALLOW in the sample app).`,
    );
    this.name = "RefusedDestinationError";
  }
}

/** The range an address is in, as ipaddr.js names it: "unicast" is the only public one. */
export function addressRange(address: string): string {
  const parsed = ipaddr.parse(address);
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address().range();
  return parsed.range();
}

export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

/** Whether `host` (as written in the URL) or `address` (what it resolved to) is on the allow list. */
export function isAllowed(host: string, address: string, allow: AllowList): boolean {
  const parsed = ipaddr.process(address);
  return allow.some((entry) => {
    if (entry.toLowerCase() === host.toLowerCase()) return true;
    try {
      const [range, bits] = entry.includes("/") ? ipaddr.parseCIDR(entry) : [ipaddr.process(entry), entry.includes(":") ? 128 : 32];
      return parsed.kind() === range.kind() && parsed.match(range, bits);
    } catch {
      return false; // a host name that is not this host
    }
  });
}

/** Throws RefusedDestinationError unless `address` is public or allowed. */
export function assertDestination(host: string, address: string, allow: AllowList): void {
  if (!isPublicAddress(address) && !isAllowed(host, address, allow)) throw new RefusedDestinationError(host, address, addressRange(address));
}

/** Checks the entries of an allow list once, so that a typo is an error at start-up, not a silent refusal later. */
export function parseAllowList(entries: readonly string[]): AllowList {
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry.includes("/")) {
        try {
          ipaddr.parseCIDR(entry);
        } catch {
          throw new Error(`Not an address range in the callback allow list: "${entry}" (write e.g. 10.0.0.0/8 or fd00::/8).`);
        }
      }
      return entry;
    });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets that refuses non-public results: every address the
 * host resolves to must pass, so a name with one private record is refused.
 */
export function guardedLookup(allow: AllowList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      try {
        for (const { address } of addresses) assertDestination(hostname, address, allow);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, "");
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first!.address, first!.family);
    });
  };
}

/** Literal IP hosts never reach a lookup: they are checked here, before connecting. */
export function assertLiteralHost(hostname: string, allow: AllowList): void {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) assertDestination(host, host, allow);
}
