// @vitest-environment node
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import type { TokenResponse } from '../../core/protocol.js'
import { createAuthServer } from '../server.js'
import { smtpMailer } from './smtp.js'

interface Received {
  from: string
  to: string[]
  data: string
  user: string | undefined
}

/**
 * A tiny SMTP server (RFC 5321 subset: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
 * enough for nodemailer to deliver to. `rejectRcpt` answers 550 to every recipient.
 */
async function smtpServer(options: { user?: string; pass?: string; rejectRcpt?: boolean } = {}) {
  const received: Received[] = []
  const server: Server = createServer((socket) => {
    let buffer = ''
    let inData = false
    let mail: Received = { from: '', to: [], data: '', user: undefined }
    let user: string | undefined
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 localhost ESMTP latchkey-test')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end === -1) return
          mail.data = buffer.slice(0, end).replace(/^\.\./gm, '.')
          buffer = buffer.slice(end + 5)
          inData = false
          received.push({ ...mail, user })
          mail = { from: '', to: [], data: '', user: undefined }
          reply('250 2.0.0 queued')
          continue
        }
        const newline = buffer.indexOf('\r\n')
        if (newline === -1) return
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 2)
        const verb = line.split(' ')[0]!.toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') {
          reply(options.user ? '250-localhost\r\n250-AUTH PLAIN\r\n250 8BITMIME' : '250-localhost\r\n250 8BITMIME')
        } else if (verb === 'AUTH') {
          const [, , encoded] = line.split(' ')
          const [, name, pass] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split('\0')
          if (name === options.user && pass === options.pass) {
            user = name
            reply('235 2.7.0 Authentication successful')
          } else {
            reply('535 5.7.8 Authentication credentials invalid')
          }
        } else if (verb === 'MAIL') {
          if (options.user && !user) reply('530 5.7.0 Authentication required')
          else {
            mail.from = /<(.*)>/.exec(line)?.[1] ?? ''
            reply('250 2.1.0 OK')
          }
        } else if (verb === 'RCPT') {
          if (options.rejectRcpt) reply('550 5.1.1 No such user')
          else {
            mail.to.push(/<(.*)>/.exec(line)?.[1] ?? '')
            reply('250 2.1.5 OK')
          }
        } else if (verb === 'DATA') {
          inData = true
          reply('354 End data with <CR><LF>.<CR><LF>')
        } else if (verb === 'RSET' || verb === 'NOOP') {
          reply('250 2.0.0 OK')
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye')
          socket.end()
        } else {
          reply('502 5.5.2 Command not recognized')
        }
      }
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const post = (server: { fetch(r: Request): Promise<Response> }, path: string, body: unknown) =>
  server.fetch(
    new Request(`http://localhost/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-latchkey': '1' },
      body: JSON.stringify(body),
    }),
  )

describe('smtpMailer', () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>
  let mailer: ReturnType<typeof smtpMailer> | undefined
  afterEach(async () => {
    await mailer?.close()
    await smtp.close()
  })

  test('default: the code goes out by SMTP (with AUTH) and signs in', async () => {
    smtp = await smtpServer({ user: 'latchkey', pass: 's3cret' })
    mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, auth: { user: 'latchkey', pass: 's3cret' }, from: 'Acme <login@acme.example>' })
    const server = createAuthServer({ mailer, rateLimits: false })
    expect((await post(server, '/email/start', { email: 'ada@example.com' })).status).toBe(200)
    expect(smtp.received).toHaveLength(1)
    const [mail] = smtp.received
    expect(mail).toMatchObject({ from: 'login@acme.example', to: ['ada@example.com'], user: 'latchkey' })
    expect(mail!.data).toMatch(/^From: Acme <login@acme\.example>$/m)
    expect(mail!.data).toMatch(/^To: ada@example\.com$/m)
    const code = /^Subject: (\d{6}) is your sign-in code$/m.exec(mail!.data)?.[1]
    expect(code).toMatch(/^\d{6}$/)
    expect(mail!.data).toContain(`Your sign-in code is ${code}.`)
    const verified = await post(server, '/email/verify', { email: 'ada@example.com', code })
    expect(verified.status).toBe(200)
    expect(((await verified.json()) as TokenResponse).session.user.email).toBe('ada@example.com')
    await server.close()
  })

  test('behavior: a refused delivery is a 500 for the request, logged, and the code is retired (no cooldown)', async () => {
    smtp = await smtpServer({ rejectRcpt: true })
    mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, from: 'login@acme.example' })
    const errors: unknown[][] = []
    const server = createAuthServer({ mailer, rateLimits: false, logger: { error: (...args) => errors.push(args) } })
    const first = await post(server, '/email/start', { email: 'nobody@example.com' })
    expect(first.status).toBe(500)
    expect(await first.json()).toMatchObject({ error: 'internal_error' })
    expect(errors).toHaveLength(1)
    expect(String(errors[0]!.at(-1))).toMatch(/550|No such user/)
    // Not held back by the 30-second cooldown: the failed code was retired.
    expect((await post(server, '/email/start', { email: 'nobody@example.com' })).status).toBe(500)
    expect(errors).toHaveLength(2)
    await server.close()
  })

  test('behavior: wrong credentials reject the send', async () => {
    smtp = await smtpServer({ user: 'latchkey', pass: 's3cret' })
    mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, auth: { user: 'latchkey', pass: 'wrong' }, from: 'login@acme.example' })
    await expect(mailer.send({ to: 'a@example.com', subject: 's', text: 't', code: '123456' })).rejects.toThrow(/Invalid login|535/)
    expect(smtp.received).toHaveLength(0)
  })
})

test('parameters: host and from are required; port must be a port (TypeErrors at construction)', () => {
  expect(() => smtpMailer({ from: 'a@b.co' } as never)).toThrow(/host/)
  expect(() => smtpMailer({ host: 'smtp.example.com', from: 'nobody' })).toThrow(/from/)
  expect(() => smtpMailer({ host: 'smtp.example.com', from: 'a@b.co', port: 70_000 })).toThrow(/port/)
})
