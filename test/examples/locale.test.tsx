// README's translation bullet, as a test: AuthButton and its modal in French, with an override.
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { TestAuthProvider } from 'latchkey/testing'
import { AuthButton } from 'latchkey/ui'
import { expect, test } from 'vitest'

test('AuthButton in French, with an app override winning over the locale', async () => {
  render(
    <TestAuthProvider locale="fr-FR" messages={{ sendCode: 'Recevoir mon code' }}>
      <AuthButton />
    </TestAuthProvider>,
  )
  await userEvent.click(await screen.findByRole('button', { name: 'Se connecter' }))
  const dialog = await screen.findByRole('dialog', { name: 'Se connecter' })
  expect(dialog).toHaveTextContent('Saisissez votre adresse e-mail')
  expect(screen.getByRole('textbox', { name: 'Adresse e-mail' })).toBeInTheDocument()
  expect(screen.getByRole('button', { name: 'Recevoir mon code' })).toBeInTheDocument()
})

test('signed in, the account trigger speaks French', async () => {
  render(
    <TestAuthProvider locale="fr" signedInAs={{ email: 'ada@example.com' }}>
      <AuthButton />
    </TestAuthProvider>,
  )
  expect(await screen.findByRole('button', { name: 'Connecté en tant que ada@example.com' })).toBeInTheDocument()
})
