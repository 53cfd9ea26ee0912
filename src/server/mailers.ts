/** One mail the server sends: a sign-in code. `text` is the whole plain-text body. */
export interface Mail {
  to: string
  subject: string
  text: string
  code: string
}

/** Sends mails. Plug in your provider (SES, Postmark, SMTP…) by implementing `send`. */
export interface Mailer {
  send(mail: Mail): Promise<void>
}

/** A mail kept by `memoryMailer` or the dev mailbox. */
export interface SentMail extends Mail {
  /** When it was sent (server clock, ms). */
  sentAt: number
}

/**
 * Prints every code to the terminal, for development. Never use it in production: anyone who
 * reads the log can sign in.
 */
export function consoleMailer(options: { log?: (line: string) => void } = {}): Mailer {
  const log = options.log ?? ((line: string) => console.info(line))
  return {
    async send(mail) {
      log(`\n  latchkey ✉  sign-in code for ${mail.to}:  ${mail.code}\n`)
    },
  }
}

/** A mailer that keeps mails in memory, newest last: for tests and in-browser servers. */
export interface MemoryMailer extends Mailer {
  readonly mails: SentMail[]
  /** The newest mail to `to` (case-insensitive), if any. */
  last(to: string): SentMail | undefined
  clear(): void
}

/**
 * A mailer that keeps every mail in `.mails`.
 *
 * @example
 * const mailer = memoryMailer()
 * const server = createAuthServer({ mailer })
 * // … POST /auth/email/start …
 * const code = mailer.last('ada@example.com')?.code
 */
export function memoryMailer(options: { clock?: { now(): number } } = {}): MemoryMailer {
  const mails: SentMail[] = []
  const now = () => options.clock?.now() ?? Date.now()
  return {
    mails,
    async send(mail) {
      mails.push({ ...mail, sentAt: now() })
    },
    last(to) {
      const wanted = to.trim().toLowerCase()
      for (let i = mails.length - 1; i >= 0; i--) if (mails[i]!.to.toLowerCase() === wanted) return mails[i]
      return undefined
    },
    clear() {
      mails.length = 0
    },
  }
}
