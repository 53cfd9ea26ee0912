import { linkEmailStart } from './actions/linkEmailStart.js'
import { linkEmailVerify } from './actions/linkEmailVerify.js'
import { unlinkCredential } from './actions/unlinkCredential.js'
import { updateUser } from './actions/updateUser.js'

/**
 * @internal Account management (link an email, unlink, `PATCH /me`), loaded with `import()`
 * on first use by `createAuthClient`: signing in never needs it, so it stays out of an app's
 * first download.
 */
export { linkEmailStart, linkEmailVerify, unlinkCredential, updateUser }
