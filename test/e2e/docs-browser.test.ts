/**
 * The docs page in a real browser (Debian's headless Chromium driven by playwright-core)
 * against the compiled binary: every operation is listed, "Try it out" runs a lookup,
 * the page loads nothing from outside (works offline) and breaks none of its CSP. With
 * DOCS=public a browser with no injected header opens the page, and "Try it out" works
 * after the secret and plan are typed into Authorize.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'

const CHROMIUM = '/usr/bin/chromium'
const SECRET = 'docs-browser-secret-0123456789'

describe.skipIf(!existsSync(CHROMIUM))('Swagger UI in headless Chromium', () => {
  let server: Running
  let browser: Browser

  beforeAll(async () => {
    const binary = await ensureBinary()
    server = await startBinary(['serve'], { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: SECRET }, { binary })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
      ],
    })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('lists the operations and "Try it out" answers a lookup', async () => {
    // RapidAPI adds these headers in production; the browser plays the proxy here.
    const context = await browser.newContext({ extraHTTPHeaders: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-Subscription': 'MEGA' } })
    const page = await context.newPage()
    const external: string[] = []
    const problems: string[] = []
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url())
      if (url.hostname === '127.0.0.1') return route.continue()
      external.push(url.href)
      return route.abort()
    })
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(String(e)))

    await page.goto(`${server.url}/docs`, { waitUntil: 'load', timeout: 30_000 })
    await page.waitForSelector('.opblock', { timeout: 30_000 })
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path') ?? e.textContent ?? ''))
    for (const p of [
      '/health',
      '/v1/ingredients/inci',
      '/v1/ingredients/korean',
      '/v1/ingredients/cas/{cas}',
      '/v1/ingredients/{id}',
      '/v1/ingredients/search',
      '/v1/functions',
      '/v1/functions/{name}/ingredients',
      '/v1/stats',
    ]) {
      expect(paths.map((x) => x.replace(/\u200b/g, ''))).toContain(p)
    }

    const op = page.locator('#operations-ingredients-getV1IngredientsInci')
    await op.locator('.opblock-summary').click()
    await op.locator('button.try-out__btn').click()
    await op.locator('input[placeholder="q"], tr[data-param-name="q"] input').first().fill('glycerin')
    await op.locator('button.execute').click()
    const status = op.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 15_000 })
    expect((await status.textContent())?.trim()).toBe('200')
    const body = await op.locator('.live-responses-table .microlight').first().textContent()
    expect(body).toContain('GLYCERIN')
    expect(body).toContain('글리세린')

    await page.screenshot({ path: '/tmp/kbeauty-docs.png', fullPage: false }).catch(() => {})
    expect(external).toEqual([])
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([])
    await context.close()
  }, 90_000)
})

describe.skipIf(!existsSync(CHROMIUM))('DOCS=public: the page opens without the secret; Try it out after Authorize', () => {
  let server: Running
  let browser: Browser

  beforeAll(async () => {
    const binary = await ensureBinary()
    server = await startBinary(
      ['serve'],
      { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: SECRET, DOCS: 'public' },
      { binary },
    )
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
    })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('opens /docs with no header, Authorize with the secret and MEGA, then a lookup answers 200', async () => {
    const context = await browser.newContext() // no extraHTTPHeaders: a plain browser
    const page = await context.newPage()
    const statuses: Record<string, number> = {}
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname
      if (path.startsWith('/docs') || path.startsWith('/v1/')) statuses[path] = r.status()
    })
    await page.goto(`${server.url}/docs`, { waitUntil: 'load', timeout: 30_000 })
    await page.waitForSelector('.opblock', { timeout: 30_000 })
    expect(statuses['/docs']).toBe(200)
    expect(statuses['/docs/json']).toBe(200)

    await page.locator('.auth-wrapper button.authorize').click()
    const modal = page.locator('.dialog-ux .modal-ux')
    for (const [header, value] of [
      ['X-RapidAPI-Proxy-Secret', SECRET],
      ['X-RapidAPI-Subscription', 'MEGA'],
    ] as const) {
      const scheme = modal.locator('.auth-container', { hasText: header })
      await scheme.locator('input[type="text"]').fill(value)
      await scheme.locator('button.authorize').click()
    }
    await modal.locator('button.close-modal').click()

    const op = page.locator('#operations-ingredients-getV1IngredientsInci')
    await op.locator('.opblock-summary').click()
    await op.locator('button.try-out__btn').click()
    await op.locator('tr[data-param-name="q"] input').first().fill('glycerin')
    await op.locator('button.execute').click()
    const status = op.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 15_000 })
    expect((await status.textContent())?.trim()).toBe('200')
    const body = await op.locator('.live-responses-table .microlight').first().textContent()
    expect(body).toContain('GLYCERIN')
    expect(body).toContain('"eu_annexes"') // a MEGA field: the plan typed into Authorize was sent
    await context.close()
  }, 90_000)

  test('without Authorize, Try it out gets the 403 problem (the API itself still needs the secret)', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/docs`, { waitUntil: 'load', timeout: 30_000 })
    await page.waitForSelector('.opblock', { timeout: 30_000 })
    const op = page.locator('#operations-ingredients-getV1Stats')
    await op.locator('.opblock-summary').click()
    await op.locator('button.try-out__btn').click()
    await op.locator('button.execute').click()
    const status = op.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 15_000 })
    expect((await status.textContent())?.trim()).toBe('403')
    await page.close()
  }, 90_000)
})
