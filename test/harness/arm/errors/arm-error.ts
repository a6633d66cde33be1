/**
 * ARM's error contract: a status and `{error:{code,message,target?,details?}}`. State transitions throw
 * these; the HTTP layer renders them unchanged, so wording lives in one place and mirrors Azure's.
 */
import { ScoutAcrError } from '@scout-acr/sdk/errors';

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export class ArmError extends ScoutAcrError {
  override readonly status: number;
  readonly target: string | undefined;
  readonly details: ArmErrorDetail[] | undefined;
  /** Extra response headers, e.g. `Retry-After` for throttling. */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { target?: string; details?: ArmErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message, { code, status, transient: status === 429 || status >= 500 });
    this.status = status;
    this.target = extra.target;
    this.details = extra.details;
    this.headers = extra.headers ?? {};
  }

  /** The ARM error body. */
  toBody(): { error: ArmErrorDetail } {
    const error: ArmErrorDetail = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

const NOT_FOUND_HELP = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export const armErrors = {
  authenticationFailed: () =>
    new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
  invalidAuthenticationToken: () =>
    new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid. It must be a Bearer token.'),
  missingApiVersion: () =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  unsupportedApiVersion: (version: string, resourceType: string, supported: string) =>
    new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'westus' and API version '${version}' for type '${resourceType}'. The supported api-versions are '${supported}'.`,
    ),
  resourceGroupNotFound: (name: string) =>
    new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ${NOT_FOUND_HELP}`,
    ),
  parentResourceNotFound: (parentType: string, parentName: string) =>
    new ArmError(
      404,
      'ParentResourceNotFound',
      `Failed to perform 'read' on resource(s) of type '${parentType}', because the parent resource '${parentName}' could not be found.`,
    ),
  invalidRequest: (message: string, target?: string) =>
    new ArmError(400, 'InvalidRequest', message, target === undefined ? {} : { target }),
  invalidParameter: (code: string, message: string, target?: string) =>
    new ArmError(400, code, message, target === undefined ? {} : { target }),
  invalidRequestContent: (message: string) => new ArmError(400, 'InvalidRequestContent', message),
  conflict: (code: string, message: string) => new ArmError(409, code, message),
  noRoute: (method: string, path: string) =>
    new ArmError(404, 'InvalidResourceType', `The resource type could not be found for ${method} '${path}'.`),
  methodNotAllowed: (method: string) =>
    new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for this resource.`),
};
