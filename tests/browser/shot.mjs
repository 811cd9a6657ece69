// Ad-hoc screenshots while developing: node shot.mjs URL OUT [email] [width]
import { chromium } from 'playwright-core';
const [url, out, email, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: Number(width ?? 390), height: 844 } })).newPage();
if (email) {
  const base = new URL(url).origin;
  await page.goto(`${base}/inloggen`);
  await page.getByLabel(/E-mailadres/).fill(email);
  await page.getByLabel(/Wachtwoord/).fill('wijkwerk-demo');
  await page.getByRole('button', { name: /Inloggen/ }).click();
}
const r = await page.goto(url);
console.log(r.status());
await page.screenshot({ path: out, fullPage: true });
await browser.close();
