import { authenticate } from '../authenticate.js'
import type { RouteHandler } from '../context.js'
import { ALIAS_MAX_LENGTH, NAME_MAX_LENGTH } from '../constants.js'
import { AuthServerError, invalidField } from '../errors.js'
import { readJson } from '../http.js'
import { sessionUpdate } from '../sessionUpdate.js'

const FIELDS = new Set(['alias', 'name', 'primaryWalletId'])

/** A nullable text field: `undefined` when absent; trimmed; an empty string clears it. */
function nullableText(body: Record<string, unknown>, field: string, maxLength: number): string | null | undefined {
  const value = body[field]
  if (value === undefined || value === null) return value
  if (typeof value !== 'string') throw invalidField(field, 'a string or null')
  const text = value.trim()
  if (text.length > maxLength) throw invalidField(field, `at most ${maxLength} characters`)
  return text === '' ? null : text
}

/**
 * `PATCH /me` `{ alias?, name?, primaryWalletId? }` (signed in): updates profile fields; a
 * field left out stays, `null` clears it. `primaryWalletId` must name one of the user's
 * wallet credentials. Answers a new access token for the same session.
 */
export const patchMe: RouteHandler = async (ctx) => {
  const { session, user } = await authenticate(ctx)
  const body = await readJson(ctx.request)
  const unknown = Object.keys(body).filter((key) => !FIELDS.has(key))
  if (unknown.length > 0) {
    throw new AuthServerError(400, 'invalid_request', `\`${unknown[0]}\` cannot be changed here: send only alias, name or primaryWalletId.`)
  }
  const alias = nullableText(body, 'alias', ALIAS_MAX_LENGTH)
  const name = nullableText(body, 'name', NAME_MAX_LENGTH)
  const primaryWalletId = body.primaryWalletId
  if (primaryWalletId !== undefined && primaryWalletId !== null && typeof primaryWalletId !== 'string') {
    throw invalidField('primaryWalletId', 'the id of one of your wallet credentials, or null')
  }
  if (typeof primaryWalletId === 'string' && user.credentials.some((c) => c.id === primaryWalletId && c.format !== 'blockchain')) {
    throw invalidField('primaryWalletId', 'the id of a wallet; this credential is an email')
  }
  const result = await ctx.store.updateUser({
    userId: user.id,
    ...(alias === undefined ? {} : { alias }),
    ...(name === undefined ? {} : { name }),
    ...(primaryWalletId === undefined ? {} : { primaryWalletId }),
  })
  switch (result.status) {
    case 'updated':
      return sessionUpdate(ctx, result.user, session)
    case 'wallet_not_found':
      throw new AuthServerError(404, 'credential_not_found', 'No wallet of yours has this `primaryWalletId`. Read the ids from `verifiedCredentials` of GET /me.')
    case 'not_found':
      throw new AuthServerError(401, 'unauthorized', 'The user of this session no longer exists. Sign in again.')
    default:
      return result satisfies never
  }
}
