// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { SessionBody } from './protocol.js'

const watched = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'BroadcastChannel', 'addEventListener'] as const

const originals = new Map(watched.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]))

afterEach(() => {
  for (const [name, descriptor] of originals) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor)
    else Reflect.deleteProperty(globalThis, name)
  }
  vi.restoreAllMocks()
})

describe('nothing at import', () => {
  test('behavior: importing and creating a client touches no browser global, timer or fetch', async () => {
    const touched: string[] = []
    for (const name of watched) {
      // Node has some of these (BroadcastChannel, navigator in newer versions): record reads of those too.
      const value: unknown = (globalThis as Record<string, unknown>)[name]
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name)
          return value
        },
      })
    }
    const setTimeout = vi.spyOn(globalThis, 'setTimeout')
    const fetch = vi.spyOn(globalThis, 'fetch')
    vi.resetModules()
    const core = await import('./index.js')
    const client = core.createAuthClient({ baseUrl: 'https://auth.example.com/auth' })
    expect(touched).toEqual([])
    expect(setTimeout).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()

    // Server rendering: no storage to read, so `loading` (nothing stored is not knowable here).
    expect(client.getState()).toEqual({ status: 'loading' })
    expect(client.getInitialState()).toBe(client.getInitialState())
    expect(fetch).not.toHaveBeenCalled()
  })

  test('behavior: with initialSession, server and first client render agree', async () => {
    const core = await import('./index.js')
    const now = Date.now()
    const initialSession: SessionBody = {
      id: 'sess_1',
      user: { id: 'u1', email: 'ada@example.com', alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: now },
      accessTokenExpiresAt: now + 15 * 60_000,
      expiresAt: now + 86_400_000,
      serverNow: now,
    }
    const client = core.createAuthClient({ initialSession })
    expect(client.getState()).toBe(client.getInitialState())
    expect(client.getState()).toMatchObject({ status: 'authenticated', user: { email: 'ada@example.com' }, network: 'online' })
  })

  test('exports', async () => {
    const core = await import('./index.js')
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "CSRF_HEADER",
        "DEFAULT_BASE_PATH",
        "LatchkeyError",
        "createAuthClient",
        "createMemoryStorage",
        "createStorageEventChannel",
        "createStorageLock",
        "defaultMessages",
        "errorMessage",
        "formatCountdown",
        "formatTime",
        "getWallets",
        "isSessionEndingError",
        "isTransientError",
        "loadMessages",
        "localeLanguage",
        "peekMessages",
        "resolveMessages",
        "shippedLocales",
      ]
    `)
  })
})
