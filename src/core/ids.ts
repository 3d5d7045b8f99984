import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUIDs, so that ordering by id is ordering by creation (keyset pagination). */
export const newId = (): string => uuidv7();

export type NodeType = 'Environment' | 'ClientProvider' | 'Client';
const NODE_TYPES: readonly NodeType[] = ['Environment', 'ClientProvider', 'Client'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque global IDs (Relay): base64url of "Type:uuid". */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: NodeType; id: string } | undefined {
  if (typeof globalId !== 'string' || globalId.length > 200) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator) as NodeType;
  const id = decoded.slice(separator + 1);
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID.test(id)) return undefined;
  if (toGlobalId(type, id) !== globalId) return undefined; // reject non-canonical encodings
  return { type, id };
}

/** The internal id behind a global ID of the expected type, or undefined. */
export function parseGlobalId(globalId: string, type: NodeType): string | undefined {
  const parsed = fromGlobalId(globalId);
  return parsed?.type === type ? parsed.id : undefined;
}
