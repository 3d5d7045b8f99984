/**
 * Access tokens from an IdP's token endpoint by the client credentials grant (RFC 6749 §4.4), the
 * client authenticating with HTTP Basic (its id and secret form-encoded first, §2.3.1): proof that
 * a client and secret the platform handed out work at the IdP, and tokens to give authorizeToken.
 */

export interface TokenEndpointAnswer {
  status: number;
  /** The JSON the endpoint answered (an empty object when it answered none). */
  body: Record<string, unknown>;
}

/** The token endpoint's answer, whatever it is; `scope` and `more` (e.g. `resource`) are sent only when given. */
export async function clientCredentialsGrant(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope?: string,
  more: Record<string, string> = {},
): Promise<TokenEndpointAnswer> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }), ...more }),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    if (text) body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { unparsed: text };
  }
  return { status: response.status, body };
}

/** The access token; throws unless the endpoint answers 200 with one. */
export async function clientCredentialsToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope?: string,
  more?: Record<string, string>,
): Promise<string> {
  const { status, body } = await clientCredentialsGrant(tokenUrl, clientId, clientSecret, scope, more);
  if (status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`${tokenUrl} answered ${status} to a client credentials grant: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}
