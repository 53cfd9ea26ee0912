// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { consoleMailer, memoryMailer } from './mailers.js'

const mail = (to: string, code: string) => ({ to, code, subject: `${code} is your sign-in code`, text: `code ${code}` })

describe('memoryMailer', () => {
  test('default: keeps mails in order; last() finds the newest per address', async () => {
    let now = 1000
    const mailer = memoryMailer({ clock: { now: () => now } })
    await mailer.send(mail('a@example.com', '111111'))
    now = 2000
    await mailer.send(mail('b@example.com', '222222'))
    await mailer.send(mail('a@example.com', '333333'))
    expect(mailer.mails.map((m) => m.code)).toEqual(['111111', '222222', '333333'])
    expect(mailer.last(' A@example.com')).toMatchObject({ code: '333333', sentAt: 2000 })
    expect(mailer.last('c@example.com')).toBeUndefined()
    mailer.clear()
    expect(mailer.mails).toHaveLength(0)
  })
})

describe('consoleMailer', () => {
  test('default: prints the address and the code on one line', async () => {
    const lines: string[] = []
    await consoleMailer({ log: (line) => lines.push(line) }).send(mail('a@example.com', '123456'))
    expect(lines.join('\n')).toMatch(/a@example\.com.*123456/)
  })
})
