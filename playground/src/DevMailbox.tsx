import { useEffect, useState } from 'react'

/** One mail as `GET /auth/dev/mailbox` lists it (dev servers only). */
interface DevMail {
  to: string
  code: string
  subject: string
  sentAt: number
}

type Mailbox = { status: 'loading' } | { status: 'ready'; mails: DevMail[] } | { status: 'error'; message: string }

const POLL_MS = 1500

/** The latest mail per address, newest first. */
function latestPerAddress(mails: DevMail[]): DevMail[] {
  const latest = new Map<string, DevMail>()
  for (const mail of mails) {
    const seen = latest.get(mail.to)
    if (!seen || mail.sentAt > seen.sentAt) latest.set(mail.to, mail)
  }
  return [...latest.values()].sort((a, b) => b.sentAt - a.sentAt)
}

/**
 * The dev server's outbox: no mail leaves the machine in development, so the codes
 * are shown here (and printed in the terminal). It floats above the login modal's
 * overlay so the code stays readable while the modal asks for it. Not part of the kit.
 */
export function DevMailbox() {
  const [mailbox, setMailbox] = useState<Mailbox>({ status: 'loading' })

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const response = await fetch('/auth/dev/mailbox', { headers: { accept: 'application/json' } })
        const body = (await response.json()) as { mails?: DevMail[]; message?: string }
        if (stopped) return
        setMailbox(
          response.ok && Array.isArray(body.mails)
            ? { status: 'ready', mails: body.mails }
            : { status: 'error', message: body.message ?? `The dev mailbox answered ${response.status}.` },
        )
      } catch (error) {
        if (!stopped) setMailbox({ status: 'error', message: `The dev mailbox is unreachable: ${String(error)}` })
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [])

  return (
    <section className="playground-card playground-mailbox" aria-labelledby="dev-mailbox-title" data-testid="dev-mailbox">
      <h2 id="dev-mailbox-title">Dev mailbox</h2>
      {mailbox.status === 'loading' && <p className="playground-muted">Loading…</p>}
      {mailbox.status === 'error' && <p role="alert">{mailbox.message}</p>}
      {mailbox.status === 'ready' &&
        (mailbox.mails.length === 0 ? (
          <p className="playground-muted">No codes sent yet.</p>
        ) : (
          <table className="playground-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Latest code</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {latestPerAddress(mailbox.mails).map((mail) => (
                <tr key={mail.to} data-email={mail.to}>
                  <td>{mail.to}</td>
                  <td>
                    <code data-testid="mailbox-code">{mail.code}</code>
                  </td>
                  <td>{new Date(mail.sentAt).toLocaleTimeString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  )
}
