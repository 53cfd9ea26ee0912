import type { ReactNode } from 'react'
import { AuthProvider } from 'latchkey/react'
import { createTestAuth, type CreateTestAuthOptions, type TestAuth } from 'latchkey/testing'
import { within } from 'storybook/test'

/**
 * What every story's loader provides: a real latchkey server (memory store) and a real
 * client wired to it in the page, so each story's state comes from the engine itself.
 */
export interface Loaded {
  auth: TestAuth
  /** The server's and client's shared clock; move `offset` to jump in time. */
  clock: { offset: number; now(): number }
}

export const storyEmail = 'ada@example.com'

/** A loader: a fresh server and client, optionally driven somewhere first. */
export function testAuthLoader(
  prepare?: (loaded: Loaded) => Promise<unknown>,
  options: Omit<CreateTestAuthOptions, 'clock'> = {},
) {
  return async (): Promise<Loaded> => {
    const clock = {
      offset: 0,
      now() {
        return Date.now() + this.offset
      },
    }
    const auth = createTestAuth({ ...options, clock })
    const loaded = { auth, clock }
    await prepare?.(loaded)
    return loaded
  }
}

/** Signs the story's client in through the real email flow. */
export const signedIn = testAuthLoader(({ auth }) => auth.signIn(storyEmail))

export function WithAuth({ loaded, children }: { loaded: Record<string, unknown>; children: ReactNode }) {
  const { auth } = loaded as unknown as Loaded
  return <AuthProvider client={auth.client}>{children}</AuthProvider>
}

/** A 6-digit code that is not `code`. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

/** Queries over the whole page: dialogs are portalled to `document.body`, outside the story's canvas. */
export const body = (canvasElement: HTMLElement) => within(canvasElement.ownerDocument.body)
