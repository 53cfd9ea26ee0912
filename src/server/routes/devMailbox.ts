import type { RouteHandler } from '../context.js'
import { AuthServerError } from '../errors.js'
import { json } from '../http.js'

/**
 * `GET /dev/mailbox` (only with `dev: true`): the last mails, oldest first (newest last), as
 * `{ mails: [{ to, code, subject, sentAt }] }`. `?to=` filters by address.
 */
export const devMailbox: RouteHandler = async (ctx) => {
  if (!ctx.devMailbox) throw new AuthServerError(404, 'not_found', 'No route here. The dev mailbox exists only with `dev: true`.')
  const to = ctx.url.searchParams.get('to')?.trim().toLowerCase()
  const mails = ctx.devMailbox
    .filter((mail) => !to || mail.to === to)
    .map(({ to, code, subject, sentAt }) => ({ to, code, subject, sentAt }))
  return json({ mails })
}
