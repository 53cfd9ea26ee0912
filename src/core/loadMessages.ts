import type { MessageOverrides } from './messages.js'

type Pack = { messages: MessageOverrides }

// One dynamic import per shipped language, so a bundler puts each in its own lazy chunk and
// an English app never downloads another language.
const loaders: Record<string, () => Promise<Pack>> = {
  fr: () => import('./locales/fr.js'),
}

const loaded = new Map<string, MessageOverrides>()
const EMPTY: MessageOverrides = Object.freeze({}) as MessageOverrides

/** The languages latchkey ships besides English (the default, always present). */
export const shippedLocales: readonly string[] = Object.freeze(['en', ...Object.keys(loaders)])

/** @internal The shipped language for a BCP 47 tag (`fr-CA` → `fr`), `en` when none fits. */
export function localeLanguage(locale: string | undefined): string {
  if (locale === undefined) return 'en'
  if (typeof locale !== 'string') {
    throw new TypeError(`latchkey: \`locale\` must be a BCP 47 language tag such as 'fr' or 'fr-CA', got ${typeof locale}.`)
  }
  let language: string
  try {
    language = new Intl.Locale(locale).language
  } catch {
    // Not a well-formed tag (e.g. from a header): English rather than a crash.
    return 'en'
  }
  return Object.hasOwn(loaders, language) ? language : 'en'
}

/**
 * @internal The messages of `locale` if already loaded (English: `{}`, nothing to override),
 * else `undefined`. Synchronous, for the render that follows a `loadMessages`.
 */
export function peekMessages(locale: string | undefined): MessageOverrides | undefined {
  const language = localeLanguage(locale)
  return language === 'en' ? EMPTY : loaded.get(language)
}

/**
 * The shipped messages of `locale` as overrides of the English defaults, loaded on first use
 * (one lazy chunk per language). English, and languages latchkey does not ship, resolve to `{}`:
 * every string stays English. To have a language in the very first render (server rendering,
 * or before `hydrateRoot`), await this first and pass the result as `messages`.
 *
 * @example
 * const fr = await loadMessages('fr-CA')
 * <AuthProvider locale="fr-CA" messages={{ ...fr, signIn: 'Connexion' }}>
 */
export async function loadMessages(locale: string | undefined): Promise<MessageOverrides> {
  const ready = peekMessages(locale)
  if (ready) return ready
  const language = localeLanguage(locale)
  const pack = await loaders[language]!()
  loaded.set(language, pack.messages)
  return pack.messages
}
