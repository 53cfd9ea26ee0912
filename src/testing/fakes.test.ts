import { describe, expect, test } from 'vitest'
import { createFakeAuthApi, createFakeChannelHub, createFakeTime, createFakeVisibility } from './fakes.js'

describe('createFakeTime', () => {
  test('default: timers fire in time order, only when time is advanced', async () => {
    const time = createFakeTime(1_000)
    const fired: Array<[string, number]> = []
    time.timers.setTimeout(() => fired.push(['b', time.now()]), 200)
    time.timers.setTimeout(() => fired.push(['a', time.now()]), 100)
    const cancelled = time.timers.setTimeout(() => fired.push(['x', time.now()]), 150)
    time.timers.clearTimeout(cancelled)
    expect(fired).toEqual([])
    await time.advance(150)
    expect(fired).toEqual([['a', 1_100]])
    await time.advance(100)
    expect(fired).toEqual([['a', 1_100], ['b', 1_200]])
    expect(time.now()).toBe(1_250)
    expect(time.pending()).toBe(0)
  })

  test('behavior: promises settle between timers (a timer set by a promise chain still fires)', async () => {
    const time = createFakeTime()
    let fired = false
    time.timers.setTimeout(() => {
      void Promise.resolve().then(() => time.timers.setTimeout(() => (fired = true), 10))
    }, 10)
    await time.advance(20)
    expect(fired).toBe(true)
  })

  test('behavior: jump moves the clock without firing timers', async () => {
    const time = createFakeTime()
    let fired = false
    time.timers.setTimeout(() => (fired = true), 10)
    time.jump(1_000)
    expect(fired).toBe(false)
    await time.advance(0)
    expect(fired).toBe(true)
  })
})

describe('createFakeChannelHub', () => {
  test('behavior: delivers to the other channels of the name, not to the sender, asynchronously', async () => {
    const hub = createFakeChannelHub()
    const a = hub.factory('x')
    const b = hub.factory('x')
    const other = hub.factory('y')
    const seen: string[] = []
    a.addEventListener('message', () => seen.push('a'))
    b.addEventListener('message', (event) => seen.push(`b:${String(event.data)}`))
    other.addEventListener('message', () => seen.push('y'))
    a.postMessage('hi')
    expect(seen).toEqual([])
    await Promise.resolve()
    expect(seen).toEqual(['b:hi'])
    b.close()
    expect(hub.open()).toBe(2)
    expect(() => b.postMessage('late')).toThrow()
  })
})

describe('createFakeVisibility', () => {
  test('default', () => {
    const visibility = createFakeVisibility()
    const reasons: string[] = []
    const stop = visibility.source.subscribe((reason) => reasons.push(reason))
    visibility.wake()
    visibility.wake('online')
    stop()
    visibility.wake()
    expect(reasons).toEqual(['visible', 'online'])
  })
})

describe('createFakeAuthApi', () => {
  const post = (api: ReturnType<typeof createFakeAuthApi>, path: string, body: unknown) =>
    api.fetch(`/auth${path}`, { method: 'POST', headers: { 'x-latchkey': '1' }, body: JSON.stringify(body) })

  test('behavior: rotation, grace-window replay, then reuse detection', async () => {
    let now = 0
    const api = createFakeAuthApi({ now: () => now, reuseGrace: 10_000 })
    const issued = api.issue()
    const first = (await (await post(api, '/refresh', { refreshToken: issued.refreshToken })).json()) as { refreshToken: string }
    now = 5_000
    const replay = (await (await post(api, '/refresh', { refreshToken: issued.refreshToken })).json()) as { refreshToken: string }
    expect(replay.refreshToken).toBe(first.refreshToken)
    expect(api.rotations).toBe(1)
    now = 20_000
    const reused = await post(api, '/refresh', { refreshToken: issued.refreshToken })
    expect(reused.status).toBe(401)
    expect(await reused.json()).toMatchObject({ error: 'reuse_detected' })
    expect((await (await post(api, '/refresh', { refreshToken: first.refreshToken })).json()) as object).toMatchObject({ error: 'session_revoked' })
  })

  test('behavior: non-GET requests without the CSRF header are refused', async () => {
    const api = createFakeAuthApi()
    const response = await api.fetch('/auth/email/start', { method: 'POST', body: '{"email":"a@b.c"}' })
    expect(response.status).toBe(403)
  })
})
