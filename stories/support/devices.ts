import type { AuthClient } from 'latchkey'
import type { TestAuth } from 'latchkey/testing'
import { storyEmail, type Loaded } from './testAuth.js'

/** User agents of the devices the account stories sign in from. */
export const devices = {
  laptop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  phone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
} as const

/**
 * Makes every request to the in-page server carry `userAgent()`. Browsers drop a
 * `User-Agent` set on a `Request` (Chromium still treats it as a forbidden header), so the
 * request gets a plain `Headers` object, which keeps it, and goes straight to the server.
 */
export function sendUserAgent(auth: TestAuth, userAgent: () => string): void {
  auth.fetch = async (input, init) => {
    if (auth.offline) throw new TypeError('Failed to fetch')
    const url = input instanceof Request ? input.url : new URL(String(input), auth.baseUrl).href
    const request = new Request(url, input instanceof Request ? input : init)
    const headers = new Headers(request.headers)
    headers.set('user-agent', userAgent())
    Object.defineProperty(request, 'headers', { value: headers })
    return auth.server.fetch(request)
  }
}

/** Signs `client` in as the story's user with the real email flow. */
export async function signInDevice(auth: TestAuth, client: AuthClient): Promise<void> {
  await client.startEmailSignIn({ email: storyEmail })
  await client.verifyEmailSignIn({ email: storyEmail, code: auth.lastCode(storyEmail) })
}

/**
 * The story's user signed in on a Windows desktop two days ago, an iPhone three hours ago,
 * and now on this laptop (the story's own client), by moving the shared clock between them.
 */
export async function threeDevices({ auth, clock }: Loaded): Promise<void> {
  let userAgent: string = devices.desktop
  sendUserAgent(auth, () => userAgent)
  await signInDevice(auth, auth.createClient())
  clock.offset += 2 * 24 * 60 * 60_000 - 3 * 60 * 60_000
  userAgent = devices.phone
  await signInDevice(auth, auth.createClient())
  clock.offset += 3 * 60 * 60_000
  userAgent = devices.laptop
  await auth.signIn(storyEmail)
}
