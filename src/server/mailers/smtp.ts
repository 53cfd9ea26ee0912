/**
 * `latchkey/server/smtp`: sends the sign-in codes through an SMTP server with nodemailer.
 * Node only. nodemailer is an optional peer dependency, loaded on the first mail, so the rest
 * of the server never needs it.
 */
import type { Mail, Mailer } from '../mailers.js'

export interface SmtpMailerOptions {
  host: string
  /** Default 587 (465 when `secure`). */
  port?: number
  /** TLS from the first byte (port 465). Default false: plain, upgraded by STARTTLS when offered. */
  secure?: boolean
  /** Refuse to send unless the server upgrades to TLS (STARTTLS). Default false. */
  requireTLS?: boolean
  auth?: { user: string; pass: string }
  /** Sender, e.g. `'Acme <login@acme.example>'`. */
  from: string
  /** Extra nodemailer transport options (`tls`, `pool`, timeouts…). */
  transport?: Record<string, unknown>
}

interface Transport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>
  close(): void
}

/** An SMTP mailer; `close()` closes pooled connections. */
export interface SmtpMailer extends Mailer {
  close(): Promise<void>
}

/**
 * A mailer over SMTP (nodemailer). Misconfiguration is a `TypeError` at construction; a
 * failed send rejects, and the server answers `500` and retires the unsent code.
 *
 * @example
 * import { smtpMailer } from 'latchkey/server/smtp'
 * createAuthServer({
 *   mailer: smtpMailer({ host: 'smtp.example.com', port: 587, auth: { user, pass }, from: 'Acme <login@acme.example>' }),
 * })
 */
export function smtpMailer(options: SmtpMailerOptions): SmtpMailer {
  if (typeof options !== 'object' || options === null || typeof options.host !== 'string' || options.host === '') {
    throw new TypeError('latchkey: smtpMailer needs `host`, the SMTP server name.')
  }
  if (typeof options.from !== 'string' || !options.from.includes('@')) {
    throw new TypeError(`latchkey: smtpMailer needs \`from\`, a sender address like 'Acme <login@acme.example>'; got ${JSON.stringify(options.from)}.`)
  }
  const secure = options.secure ?? false
  const port = options.port ?? (secure ? 465 : 587)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`latchkey: smtpMailer \`port\` must be a port number; got ${String(port)}.`)
  let transport: Promise<Transport> | undefined

  const open = async (): Promise<Transport> => {
    type CreateTransport = (options: Record<string, unknown>) => unknown
    let nodemailer: { createTransport?: CreateTransport; default?: { createTransport: CreateTransport } }
    try {
      nodemailer = (await import('nodemailer')) as typeof nodemailer
    } catch (error) {
      throw new Error('latchkey: smtpMailer needs the `nodemailer` package: npm install nodemailer', { cause: error })
    }
    const create = nodemailer.createTransport ?? nodemailer.default!.createTransport
    return create({
      ...options.transport,
      host: options.host,
      port,
      secure,
      requireTLS: options.requireTLS ?? false,
      ...(options.auth ? { auth: options.auth } : {}),
    }) as unknown as Transport
  }

  return {
    async send(mail: Mail) {
      transport ??= open().catch((error: unknown) => {
        transport = undefined
        throw error
      })
      await (await transport).sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text })
    },
    async close() {
      const current = transport
      transport = undefined
      if (current) (await current.catch(() => undefined))?.close()
    },
  }
}
