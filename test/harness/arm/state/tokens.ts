/** Tokens, their passwords (generateCredentials) and data-plane authentication against them. */
import { X509Certificate } from 'node:crypto';
import { armErrors } from '../errors/arm-error.js';
import type { AuthenticateTokenResult } from '../types.js';
import { armTime, ids, key, parseRegistryChildId } from './ids.js';
import type { ArmModel } from './model.js';
import { assertValidName } from './names.js';
import { generatePasswordValue } from './passwords.js';
import type { ProvisioningState, StoredPassword, TokenRecord } from './records.js';
import { findRegistryByLoginServer } from './registries.js';

export interface TokenRef {
  resourceGroup: string;
  registry: string;
  name: string;
}

interface TokenBodyProperties {
  scopeMapId?: unknown;
  status?: unknown;
  credentials?: { passwords?: unknown; certificates?: unknown };
}

export function listTokens(model: ArmModel, resourceGroup: string, registry: string): TokenRecord[] {
  const reg = model.requireParentRegistry(resourceGroup, registry);
  return model.childrenOf(model.tokens, `${reg.id}/tokens`);
}

export function findToken(model: ArmModel, ref: TokenRef): TokenRecord | undefined {
  const reg = model.requireParentRegistry(ref.resourceGroup, ref.registry);
  return model.tokens.get(key(ids.token(reg.id, ref.name)));
}

export function getToken(model: ArmModel, ref: TokenRef): TokenRecord {
  const found = findToken(model, ref);
  if (!found) {
    throw armErrors.resourceNotFound(
      'Microsoft.ContainerRegistry/registries/tokens',
      `${ref.registry}/${ref.name}`,
      ref.resourceGroup,
    );
  }
  return found;
}

function readStatus(value: unknown): 'enabled' | 'disabled' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'enabled' && value !== 'disabled') {
    throw armErrors.invalidParameter(
      'InvalidParameter',
      `The token status '${String(value)}' is invalid. Allowed values are 'enabled' and 'disabled'.`,
      'status',
    );
  }
  return value;
}

/** The scope map id, checked to name an existing scope map of this registry. */
function readScopeMapId(model: ArmModel, registryId: string, value: unknown): string {
  const parsed = typeof value === 'string' ? parseRegistryChildId(value, 'scopeMaps') : undefined;
  const scopeMap = parsed ? model.scopeMaps.get(key(ids.scopeMap(parsed.registryId, parsed.name))) : undefined;
  if (!parsed || key(parsed.registryId) !== key(registryId) || !scopeMap) {
    throw armErrors.invalidRequest(
      `The scope map '${String(value)}' does not exist in registry '${registryId.slice(registryId.lastIndexOf('/') + 1)}'.`,
      'scopeMapId',
    );
  }
  return scopeMap.id;
}

/**
 * Token certificates as ACR shows them: name, thumbprint and expiry (derived from the PEM when it parses),
 * plus the PEM itself (public data).
 */
function readCertificates(credentials: TokenBodyProperties['credentials']): Array<Record<string, unknown>> | undefined {
  if (!credentials || !Array.isArray(credentials.certificates)) return undefined;
  return (credentials.certificates as Array<Record<string, unknown>>).map((c) => {
    const out: Record<string, unknown> = {};
    if (typeof c?.name === 'string') out.name = c.name;
    const encoded = c?.encodedPemCertificate;
    if (typeof encoded === 'string') {
      out.encodedPemCertificate = encoded;
      try {
        const cert = new X509Certificate(Buffer.from(encoded, 'base64').toString('utf8'));
        out.thumbprint = cert.fingerprint.replaceAll(':', '').toLowerCase();
        out.expiry = armTime(new Date(cert.validTo));
      } catch {
        // Not a parsable certificate: keep what was sent.
      }
    }
    return out;
  });
}

/** Keeps only the stored passwords a request lists by name (how ACR removes a password). */
function retainListedPasswords(token: TokenRecord, credentials: TokenBodyProperties['credentials']): void {
  if (!credentials || !Array.isArray(credentials.passwords)) return;
  const keep = new Set(
    (credentials.passwords as Array<{ name?: unknown }>).map((p) => (typeof p?.name === 'string' ? p.name : '')),
  );
  token.passwords = token.passwords.filter((p) => keep.has(p.name));
}

/** Tokens_Create: creates a token (state `initialState`) or replaces an existing one's properties. */
export function putToken(
  model: ArmModel,
  ref: TokenRef,
  body: { properties?: TokenBodyProperties },
  initialState: ProvisioningState,
): { record: TokenRecord; created: boolean } {
  const reg = model.requireParentRegistry(ref.resourceGroup, ref.registry);
  assertValidName('token', ref.name);
  const props = body.properties ?? {};
  const scopeMapId = readScopeMapId(model, reg.id, props.scopeMapId);
  const status = readStatus(props.status) ?? 'enabled';
  const id = ids.token(reg.id, ref.name);
  const existing = model.tokens.get(key(id));
  if (existing) {
    existing.scopeMapId = scopeMapId;
    existing.status = status;
    retainListedPasswords(existing, props.credentials);
    existing.certificates = readCertificates(props.credentials) ?? existing.certificates;
    existing.provisioningState = initialState === 'Creating' ? 'Updating' : initialState;
    return { record: existing, created: false };
  }
  const record: TokenRecord = {
    id,
    name: ref.name,
    registryId: reg.id,
    scopeMapId,
    status,
    creationDate: armTime(),
    provisioningState: initialState,
    passwords: [],
    certificates: readCertificates(props.credentials) ?? [],
  };
  model.tokens.set(key(id), record);
  return { record, created: true };
}

/** Tokens_Update: changes scope map, status and/or the retained passwords. */
export function patchToken(
  model: ArmModel,
  ref: TokenRef,
  body: { properties?: TokenBodyProperties },
  initialState: ProvisioningState,
): TokenRecord {
  const record = getToken(model, ref);
  const props = body.properties ?? {};
  if (props.scopeMapId !== undefined) record.scopeMapId = readScopeMapId(model, record.registryId, props.scopeMapId);
  const status = readStatus(props.status);
  if (status) record.status = status;
  retainListedPasswords(record, props.credentials);
  record.certificates = readCertificates(props.credentials) ?? record.certificates;
  record.provisioningState = initialState;
  return record;
}

export function beginDeleteToken(model: ArmModel, ref: TokenRef): TokenRecord | undefined {
  const record = findToken(model, ref);
  if (record) record.provisioningState = 'Deleting';
  return record;
}

export function finishDeleteToken(model: ArmModel, record: TokenRecord): void {
  model.tokens.delete(key(record.id));
}

export interface GenerateCredentialsRequest {
  tokenId?: unknown;
  expiry?: unknown;
  name?: unknown;
}

/** Checks a generateCredentials request and returns the token and password names it will (re)generate. */
export function checkGenerateCredentials(
  model: ArmModel,
  resourceGroup: string,
  registry: string,
  body: GenerateCredentialsRequest,
): { token: TokenRecord; names: Array<'password1' | 'password2'>; expiry: string | undefined } {
  const reg = model.requireRegistry(resourceGroup, registry);
  const parsed = typeof body.tokenId === 'string' ? parseRegistryChildId(body.tokenId, 'tokens') : undefined;
  if (!parsed || key(parsed.registryId) !== key(reg.id)) {
    throw armErrors.invalidRequest(
      `The token id '${String(body.tokenId)}' is not a token of registry '${reg.name}'.`,
      'tokenId',
    );
  }
  const token = model.tokens.get(key(ids.token(reg.id, parsed.name)));
  if (!token) {
    throw armErrors.resourceNotFound(
      'Microsoft.ContainerRegistry/registries/tokens',
      `${reg.name}/${parsed.name}`,
      resourceGroup,
    );
  }
  if (body.name !== undefined && body.name !== 'password1' && body.name !== 'password2') {
    throw armErrors.invalidParameter(
      'InvalidParameter',
      `The password name '${String(body.name)}' is invalid. Allowed values are 'password1' and 'password2'.`,
      'name',
    );
  }
  let expiry: string | undefined;
  if (body.expiry !== undefined) {
    const when = typeof body.expiry === 'string' ? new Date(body.expiry) : new Date(Number.NaN);
    if (Number.isNaN(when.getTime())) {
      throw armErrors.invalidParameter(
        'InvalidParameter',
        `The expiry '${String(body.expiry)}' is not a valid date-time.`,
        'expiry',
      );
    }
    expiry = armTime(when);
  }
  const names: Array<'password1' | 'password2'> = body.name
    ? [body.name as 'password1' | 'password2']
    : ['password1', 'password2'];
  return { token, names, expiry };
}

/**
 * Generates fresh values for `names`, stores only their hashes, and returns the GenerateCredentialsResult
 * (the only place the values ever appear).
 */
export function generateCredentials(
  model: ArmModel,
  token: TokenRecord,
  names: Array<'password1' | 'password2'>,
  expiry: string | undefined,
): { username: string; passwords: Array<{ name: string; value: string; creationTime: string; expiry?: string }> } {
  const creationTime = armTime();
  const passwords = names.map((name) => {
    const value = generatePasswordValue();
    model.secretsSeen.passwords.add(value);
    const stored: StoredPassword = { name, creationTime, expiry, hash: model.hasher.hash(value) };
    token.passwords = [...token.passwords.filter((p) => p.name !== name), stored].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return { name, value, creationTime, ...(expiry === undefined ? {} : { expiry }) };
  });
  return { username: token.name, passwords };
}

/** Data-plane check of `tokenName:password` against the registry behind `loginServer`. */
export function authenticateToken(
  model: ArmModel,
  input: { loginServer: string; tokenName: string; password: string; now?: Date },
): AuthenticateTokenResult {
  const reg = findRegistryByLoginServer(model, input.loginServer);
  if (!reg) return { ok: false, reason: 'no-registry' };
  const token = model.tokens.get(key(ids.token(reg.id, input.tokenName)));
  if (!token || token.provisioningState === 'Deleting') return { ok: false, reason: 'no-token' };
  if (token.status !== 'enabled') return { ok: false, reason: 'disabled' };
  const matched = token.passwords.find((p) => model.hasher.matches(input.password, p.hash));
  if (!matched) return { ok: false, reason: 'wrong-password' };
  const now = input.now ?? new Date();
  if (matched.expiry !== undefined && new Date(matched.expiry).getTime() <= now.getTime()) {
    return { ok: false, reason: 'expired' };
  }
  const scopeMap = model.scopeMaps.get(key(token.scopeMapId));
  return { ok: true, tokenName: token.name, registryId: reg.id, actions: scopeMap ? [...scopeMap.actions] : [] };
}

/** The token as ARM returns it: password names and dates, never values. */
export function renderToken(token: TokenRecord): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  if (token.certificates.length > 0) credentials.certificates = token.certificates;
  if (token.passwords.length > 0) {
    credentials.passwords = token.passwords.map((p) => ({
      creationTime: p.creationTime,
      ...(p.expiry === undefined ? {} : { expiry: p.expiry }),
      name: p.name,
    }));
  }
  return {
    id: token.id,
    name: token.name,
    type: 'Microsoft.ContainerRegistry/registries/tokens',
    properties: {
      creationDate: token.creationDate,
      scopeMapId: token.scopeMapId,
      provisioningState: token.provisioningState,
      status: token.status,
      credentials,
    },
  };
}
