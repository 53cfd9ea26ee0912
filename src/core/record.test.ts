import { describe, expect, test, vi } from 'vitest'
import { createMemoryStorage, readRecord, writeRecord } from './record.js'
import type { SessionRecord } from './record.js'

const record: SessionRecord = {
  v: 1,
  mode: 'app',
  session: {
    id: 'sess_1',
    user: { id: 'u', email: 'a@b.c', alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: 1 },
    accessTokenExpiresAt: 2,
    expiresAt: 3,
    serverNow: 1,
  },
  accessToken: 'at',
  refreshToken: 'rt',
  skew: 0,
}

describe('readRecord', () => {
  test('default: round trip', () => {
    const storage = createMemoryStorage()
    writeRecord(storage, 'k', record)
    expect(readRecord(storage, 'k', 'app')).toEqual(record)
  })

  test.each([
    ['not JSON', '{oops'],
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[1,2]'],
    ['another version', JSON.stringify({ ...record, v: 2 })],
    ['no tokens', JSON.stringify({ ...record, refreshToken: undefined })],
    ['a bad session', JSON.stringify({ ...record, session: { id: 'x' } })],
    ['a bad user', JSON.stringify({ ...record, session: { ...record.session, user: { id: 1 } } })],
    ['a string skew', JSON.stringify({ ...record, skew: '0' })],
    ['the other mode', JSON.stringify({ ...record, mode: 'cookie' })],
  ])('behavior: junk (%s) reads as signed out and is removed', (_name, raw) => {
    const storage = createMemoryStorage({ k: raw })
    expect(readRecord(storage, 'k', 'app')).toBeNull()
    expect(storage.getItem('k')).toBeNull()
  })

  test('behavior: a storage that throws reads as signed out', () => {
    const storage = { getItem: vi.fn(() => { throw new DOMException('denied', 'SecurityError') }), setItem: vi.fn(), removeItem: vi.fn() }
    expect(readRecord(storage, 'k', 'app')).toBeNull()
  })
})
