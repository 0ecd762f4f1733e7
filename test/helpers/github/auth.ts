/**
 * Credentials: RS256 App JWTs checked with the App's public key (node:crypto), installation
 * tokens minted by POST /app/installations/{id}/access_tokens, and one configured plain token.
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { Auth } from './http.js';

export interface AuthOptions {
  readonly appId: number;
  readonly appPublicKeyPem: string | undefined;
  readonly token: string | undefined;
  /** How long an installation token lives. @defaultValue 1 hour, as on GitHub */
  readonly installationTokenTtlMs?: number | undefined;
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a JWT is refused, or null when it is a valid App JWT. */
export function jwtProblem(jwt: string, appId: number, key: KeyObject | null, nowS = Date.now() / 1000): string | null {
  if (key === null) return 'this fake GitHub has no App public key configured';
  const parts = jwt.split('.');
  const [head, payload, signature] = parts;
  if (parts.length !== 3 || head === undefined || payload === undefined || signature === undefined)
    return 'A JSON web token could not be decoded';
  const header = decodeSegment(head);
  const claims = decodeSegment(payload);
  if (!isRecord(header) || !isRecord(claims)) return 'A JSON web token could not be decoded';
  if (header.alg !== 'RS256') return `'alg' must be RS256, got ${String(header.alg)}`;
  const signed = verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url'));
  if (!signed) return 'A JSON web token could not be decoded (bad signature)';
  const iss = claims.iss;
  if ((typeof iss !== 'string' && typeof iss !== 'number') || String(iss) !== String(appId)) {
    return `'Issuer' claim ('iss') must be the App id ${appId}`;
  }
  const exp = claims.exp;
  if (typeof exp !== 'number' || exp <= nowS)
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  const iat = claims.iat;
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowS + 60))
    return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  return null;
}

export class Credentials {
  private readonly key: KeyObject | null;
  private readonly installationTokens = new Map<string, { installationId: number; expiresAtMs: number }>();

  constructor(private readonly options: AuthOptions) {
    this.key = options.appPublicKeyPem === undefined ? null : createPublicKey(options.appPublicKeyPem);
  }

  get appId(): number {
    return this.options.appId;
  }

  /** The credential carried by an `authorization` header, without checking it. */
  static split(header: string | undefined): { scheme: string; value: string } | null {
    const m = /^(\w+)\s+(\S+)\s*$/.exec(header ?? '');
    if (m?.[1] === undefined || m[2] === undefined) return null;
    return { scheme: m[1].toLowerCase(), value: m[2] };
  }

  /** Who the header authenticates as: a valid App JWT, a live installation token, the plain token. */
  identify(header: string | undefined): Auth | null {
    const cred = Credentials.split(header);
    if (cred === null || (cred.scheme !== 'token' && cred.scheme !== 'bearer')) return null;
    if (cred.scheme === 'bearer' && cred.value.split('.').length === 3) {
      return jwtProblem(cred.value, this.options.appId, this.key) === null ? { kind: 'app' } : null;
    }
    const installation = this.installationTokens.get(cred.value);
    if (installation !== undefined && installation.expiresAtMs > Date.now())
      return { kind: 'installation', id: installation.installationId };
    if (this.options.token !== undefined && cred.value === this.options.token) return { kind: 'token' };
    return null;
  }

  /** Why the header's JWT is refused (for the 401 message), null when it is fine. */
  jwtProblem(header: string | undefined): string | null {
    const cred = Credentials.split(header);
    if (cred?.scheme !== 'bearer') return 'A JSON web token could not be decoded';
    return jwtProblem(cred.value, this.options.appId, this.key);
  }

  /** A new installation token, valid for an hour (installationTokenTtlMs). */
  mint(installationId: number): { token: string; expiresAt: string } {
    const token = `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
    const expiresAtMs = Date.now() + (this.options.installationTokenTtlMs ?? 3600_000);
    this.installationTokens.set(token, { installationId, expiresAtMs });
    return { token, expiresAt: new Date(expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
}
