// Browser tests: Debian's chromium, driven by playwright-core, checked by axe-core.
//
// Expects a wijkwerk demo server at WIJKWERK_URL (scripts/browser-tests starts one).
// Walks every page type as the people who use it, runs axe-core (WCAG 2.1 A/AA and
// best practices) on each, fails on any violation or Content-Security-Policy report,
// and saves phone-sized screenshots in tests/browser/screenshots/.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';

const base = process.env.WIJKWERK_URL ?? 'http://127.0.0.1:8080';
const password = 'wijkwerk-demo';
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const failures = [];
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (ok) {
    console.log(`  ok   ${what}`);
  } else {
    console.log(`  FAIL ${what}`);
    failures.push(what);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

async function newPage({ phone = true, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: 'nl-NL',
    javaScriptEnabled,
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) {
      check(false, `CSP report on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => check(false, `script error on ${page.url()}: ${err}`));
  return page;
}

async function axe(page, label) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  const summary = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
  check(result.violations.length === 0, `axe ${label}${summary.length ? ' → ' + summary.join('; ') : ''}`);
}

async function visit(page, path, label, { status = 200, shot } = {}) {
  const response = await page.goto(base + path);
  check(response.status() === status, `${label}: GET ${path} → ${response.status()} (want ${status})`);
  await axe(page, label);
  if (shot) await page.screenshot({ path: `${shots}${shot}.png`, fullPage: true });
}

async function signIn(page, email) {
  await page.goto(`${base}/inloggen`);
  await page.getByLabel(/E-mailadres|E-mail address/).fill(email);
  await page.getByLabel(/Wachtwoord|Password/).fill(password);
  await page.getByRole('button', { name: /Inloggen|Sign in/ }).click();
  await page.waitForLoadState('domcontentloaded');
}

async function signOut(page) {
  await page.getByRole('button', { name: /Uitloggen|Sign out/ }).click();
  await page.waitForLoadState('domcontentloaded');
}

console.log(`browser tests against ${base}`);

// --- Visitors -------------------------------------------------------------
{
  const page = await newPage();
  await visit(page, '/', 'home (visitor)', { shot: 'home-visitor' });
  await visit(page, '/plaatsen', 'lands');
  await visit(page, '/plaatsen/NL', 'land');
  await visit(page, '/plaatsen/GM9601', 'gemeente', { shot: 'gemeente' });
  await visit(page, '/plaatsen/WK960102', 'wijk', { shot: 'wijk-phone' });
  await visit(page, '/plaatsen/BU96010201', 'buurt');
  await visit(page, '/inloggen', 'sign-in form', { shot: 'login' });
  await visit(page, '/bestaat-niet', 'not found page', { status: 404 });
  await visit(page, '/gegevens-verwijderd', 'erased page');
  const hidden = await page.goto(`${base}/plaatsen/WK960102`).then(() => page.locator('td', { hasText: 'niet getoond' }).count());
  check(hidden === 2, `wijk page hides the small buurt and its complement (${hidden} cells)`);

  // The skip link is the first thing the keyboard reaches, and it is visible then.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), width: document.activeElement.getBoundingClientRect().width }));
  check(focused.text === 'Naar de inhoud' && focused.width > 1, `skip link gets focus first (${focused.text})`);

  // Wrong password: one message, the form keeps the address.
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('E-mailadres').fill('fatima@demo.wijkwerk.nl');
  await page.getByLabel('Wachtwoord').fill('niet-mijn-wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  check(await page.getByRole('alert').textContent().then((t) => t.includes('klopt niet')), 'wrong password gives one plain message');
  check(await page.getByLabel('E-mailadres').inputValue() === 'fatima@demo.wijkwerk.nl', 'the typed address is kept');
  await axe(page, 'sign-in form with error');

  // Desktop and paper
  const desktop = await newPage({ phone: false });
  await desktop.goto(`${base}/plaatsen/WK960102`);
  await desktop.screenshot({ path: `${shots}wijk-desktop.png`, fullPage: true });
  await desktop.emulateMedia({ media: 'print' });
  await desktop.screenshot({ path: `${shots}wijk-print.png`, fullPage: true });
  const navShownInPrint = await desktop.locator('.site-nav').isVisible();
  check(!navShownInPrint, 'print style hides the navigation');
  await desktop.context().close();
  await page.context().close();
}

// --- A resident: her data, consent, language ---------------------------------
{
  const page = await newPage();
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Welkom, Fatima El Amrani', 'resident lands on her own start page');
  await axe(page, 'home (bewoner)');
  await page.screenshot({ path: `${shots}home-bewoner.png`, fullPage: true });

  await page.getByRole('link', { name: 'Mijn gegevens' }).first().click();
  await axe(page, 'my data');
  await page.screenshot({ path: `${shots}my-data.png`, fullPage: true });
  const readsBefore = await page.locator('#log-title ~ div table tbody tr').count();
  check(readsBefore === 3, `access log shows the three demo reads (${readsBefore})`);

  // Giving consent without a reason: every problem shown, the form kept.
  await page.getByLabel('Waarom?').fill('');
  await page.getByRole('button', { name: 'Toestemming geven' }).click();
  check(await page.locator('#purpose-error').isVisible(), 'consent form explains the missing reason');
  await axe(page, 'consent form with errors');
  await page.getByLabel('Waarom?').fill('Hulp bij de aanvraag van toeslagen');
  await page.getByLabel('Wie mag uw gegevens zien?').selectOption({ label: 'Ahmed Yilmaz, Wijkwerker (Wijkteam Oosterpark)' });
  await page.getByRole('button', { name: 'Toestemming geven' }).click();
  check(await page.getByRole('status').textContent().then((t) => t.includes('De toestemming is opgeslagen')), 'consent saved');
  check(await page.getByRole('button', { name: 'Intrekken voor Ahmed Yilmaz (Naam, e-mailadres en buurt)' }).isVisible(), 'new consent can be revoked');

  await visit(page, '/mijn-gegevens/verwijderen', 'erase confirmation');
  await visit(page, '/personen/0190f0f0-0000-7000-8000-000000000000', 'no-consent page', { status: 403 });

  // Switch to English and back, with the link in the header.
  await page.goto(`${base}/mijn-gegevens`);
  await page.getByRole('link', { name: 'English' }).click();
  check(await page.locator('html').getAttribute('lang') === 'en', 'language switch sets lang="en"');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'My data', 'the page is in English');
  await axe(page, 'my data (English)');
  await page.screenshot({ path: `${shots}my-data-en.png`, fullPage: true });
  await page.goto(`${base}/`);
  await axe(page, 'home (English)');
  await page.getByRole('link', { name: 'Nederlands' }).click();
  check(await page.locator('html').getAttribute('lang') === 'nl', 'and back to Dutch');

  await signOut(page);
  check(await page.getByRole('link', { name: 'Inloggen' }).first().isVisible(), 'signed out');
  const after = await page.goto(`${base}/mijn-gegevens`);
  check(after.url().includes('/inloggen'), 'my data needs signing in again after sign-out');
  await page.context().close();
}

// --- A coach reads what is shared; the resident sees that she did -----------
{
  const page = await newPage();
  await signIn(page, 'sanne@demo.wijkwerk.nl');
  await axe(page, 'home (coach)');
  await page.getByRole('link', { name: 'Fatima El Amrani' }).click();
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Fatima El Amrani', 'coach sees the shared profile');
  await axe(page, 'shared profile');
  await page.screenshot({ path: `${shots}person.png`, fullPage: true });
  await signOut(page);

  await signIn(page, 'fatima@demo.wijkwerk.nl');
  await page.goto(`${base}/mijn-gegevens`);
  const reads = await page.locator('#log-title ~ div table tbody tr').count();
  check(reads === 4, `the resident sees the coach's new read in her log (${reads} rows)`);
  check(await page.locator('#log-title ~ div table tbody tr').first().textContent().then((t) => t.includes('Sanne Visser')), 'the newest read is the coach');
  await page.context().close();
}

// --- The week test, a goal, and the effect over time ------------------------
{
  const page = await newPage();
  await signIn(page, 'petra@demo.wijkwerk.nl');
  await page.getByRole('link', { name: 'Weektest' }).first().click();
  await axe(page, 'week test start');
  await page.getByRole('link', { name: 'Start: Weektest' }).click();
  await axe(page, 'week test form');
  const week = [
    ['slaap-en-verzorging', '63', '63', '4'], ['werk', '36', '32', '2'], ['leren', '2', '4', '3'],
    ['huishouden-en-zorg', '20', '20', '4'], ['vrijwilligerswerk-en-wijk', '0', '2', '3'], ['sociaal-leven', '10', '10', '4'],
    ['sport-en-bewegen', '2', '4', '3'], ['hobbys-en-media', '30', '28', '3'], ['reizen-en-overig', '5', '5', '4'],
  ];
  for (const [d, h, w, s] of week) {
    await page.locator(`#${d}-hours`).fill(h);
    await page.locator(`#${d}-wished`).fill(w);
    await page.locator(`#${d}-satisfaction`).selectOption(s);
  }
  const sums = await page.locator('[data-sums]').textContent();
  check(sums.includes('168 van de 168 (✓)'), `running totals add up (${sums})`);
  await page.screenshot({ path: `${shots}weektest-form.png`, fullPage: true });
  await page.getByRole('button', { name: 'Bekijk mijn uitslag' }).click();
  check(await page.getByRole('heading', { level: 2, name: 'Jouw prioriteit nu: Werk' }).isVisible(), 'the result names the priority');
  await axe(page, 'week test result');
  await page.screenshot({ path: `${shots}weektest-result.png`, fullPage: true });

  await page.getByRole('link', { name: 'Maak een doel voor je prioriteit' }).click();
  await axe(page, 'new goal form');
  check(await page.locator('#domain').inputValue() === 'werk', 'the goal starts in the priority domain');
  await page.getByLabel('Wat wil je doen?').fill('Minder overwerken');
  await page.getByLabel('Hoeveel uur per week?').fill('32');
  await page.getByRole('button', { name: 'Doel opslaan' }).click();
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Minder overwerken', 'goal saved');
  await page.locator('#hours').fill('34,5');
  await page.getByRole('button', { name: 'Uren opslaan' }).click();
  check(await page.locator('td', { hasText: '34.5' }).count() === 1, 'hours logged for this week');
  await axe(page, 'goal page');
  await page.screenshot({ path: `${shots}goal.png`, fullPage: true });

  // The week grid: paint some hours, let it fill the totals.
  await page.goto(`${base}/weektest/basis/rooster`);
  await axe(page, 'week grid');
  await page.getByLabel('Werk', { exact: true }).check();
  for (const hour of [9, 10, 11, 12]) {
    await page.locator(`select[name="c0-${hour}"]`).locator('..').click();
  }
  await page.screenshot({ path: `${shots}weektest-grid.png`, fullPage: true });
  await page.getByRole('button', { name: 'Tel mijn uren op' }).click();
  check(await page.locator('#werk-hours').inputValue() === '4', 'painting four hours of work fills 4 hours');
  check(await page.locator('#slaap-en-verzorging-hours').inputValue() === '56', 'nights count as sleep');

  // Invite a coach: consent for week tests and goals.
  await page.goto(`${base}/mijn-gegevens`);
  await page.getByLabel('Wie mag uw gegevens zien?').selectOption({ label: 'Sanne Visser, Coach (Stichting Welzijn Lindenhoven)' });
  await page.getByLabel('Wat mag die persoon zien?').selectOption('weektests');
  await page.getByLabel('Waarom?').fill('Coaching bij minder overwerken');
  await page.getByRole('button', { name: 'Toestemming geven' }).click();
  check(await page.getByRole('status').textContent().then((t) => t.includes('De toestemming is opgeslagen')), 'coach invited');
  await page.context().close();

  const coach = await newPage();
  await signIn(coach, 'sanne@demo.wijkwerk.nl');
  await coach.getByRole('link', { name: 'Petra Jansen' }).click();
  await coach.getByRole('link', { name: 'Bekijk de weektests en doelen van Petra Jansen' }).click();
  check(await coach.getByRole('link', { name: 'Minder overwerken' }).isVisible(), "the coach sees Petra's new goal");
  await coach.context().close();
}

// --- Fatima's effect over time, and her coach's read-only view ----------------
{
  const page = await newPage();
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  await page.goto(`${base}/weektest/verloop`);
  check(await page.getByRole('heading', { name: 'Het effect op: Werk' }).isVisible(), 'timeline opens on the priority');
  await axe(page, 'timeline');
  await page.screenshot({ path: `${shots}timeline.png`, fullPage: true });
  await page.getByRole('link', { name: 'Werkervaring opdoen bij Bakkerij Kaya' }).click();
  await axe(page, 'demo goal');
  await page.context().close();

  const coach = await newPage();
  await signIn(coach, 'sanne@demo.wijkwerk.nl');
  await coach.getByRole('link', { name: 'Fatima El Amrani' }).first().click();
  await coach.getByRole('link', { name: 'Bekijk de weektests en doelen van Fatima El Amrani' }).click();
  check(await coach.getByRole('heading', { level: 1 }).textContent() === 'Hoe het verandert voor Fatima El Amrani', 'coach sees the shared timeline');
  check(await coach.getByRole('link', { name: 'Nieuw doel' }).count() === 0, 'coach cannot add goals');
  await axe(coach, 'timeline (coach)');
  await coach.context().close();
}

// --- A household: side by side, and the gezinsplan -----------------------------
{
  const page = await newPage();
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  await page.getByRole('link', { name: 'Gezin' }).first().click();
  await axe(page, 'households');
  await page.getByRole('link', { name: 'Familie El Amrani' }).click();
  await axe(page, 'household');
  await page.screenshot({ path: `${shots}household.png`, fullPage: true });
  await page.getByRole('link', { name: 'Onze weektests naast elkaar' }).click();
  check(await page.locator('th[scope="col"]', { hasText: 'Karim El Amrani' }).count() === 1, 'side by side shows the partner who shares');
  await axe(page, 'side by side');
  await page.screenshot({ path: `${shots}side-by-side.png`, fullPage: true });
  await page.goBack();
  await page.getByRole('button', { name: 'Naar het gezinsplan' }).click();
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Gezinsplan Familie El Amrani', 'the family plan opens');
  await axe(page, 'family plan');
  await page.screenshot({ path: `${shots}family-plan.png`, fullPage: true });
  await page.getByLabel('Bij welk doel?').selectOption({ label: 'Elke week iets leuks met z\'n vieren' });
  await page.getByLabel('Wie', { exact: true }).selectOption('Lina');
  await page.getByLabel('Wat', { exact: true }).fill('Een spelletje kiezen voor vrijdag');
  await page.getByLabel('Hoeveel uur?').fill('1');
  await page.getByRole('button', { name: 'Actie toevoegen' }).click();
  check(await page.getByText('Een spelletje kiezen voor vrijdag').isVisible(), 'an action added to the plan');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}family-plan-print.png`, fullPage: true });
  check(!(await page.locator('.plan-forms').isVisible()), 'the printed plan leaves out the forms');
  await page.context().close();

  const pro = await newPage();
  await signIn(pro, 'ahmed@demo.wijkwerk.nl');
  await pro.getByRole('link', { name: 'Gezinsplan Familie El Amrani' }).click();
  check(await pro.getByText('U ziet dit plan omdat alle volwassenen in het gezin toestemming gaven.').isVisible(), 'the professional sees why');
  await axe(pro, 'family plan (professional)');
  await pro.context().close();
}

// --- Professionals and the gemeente ------------------------------------------
for (const [email, label] of [
  ['ahmed@demo.wijkwerk.nl', 'wijkwerker'],
  ['petra@demo.wijkwerk.nl', 'coordinator'],
  ['karin@demo.wijkwerk.nl', 'partner'],
  ['mehmet@demo.wijkwerk.nl', 'ondernemer'],
  ['ellen@demo.wijkwerk.nl', 'gemeente'],
  ['joost@demo.wijkwerk.nl', 'landelijk'],
]) {
  const page = await newPage();
  await signIn(page, email);
  await axe(page, `home (${label})`);
  if (label === 'gemeente') {
    await page.screenshot({ path: `${shots}home-gemeente.png`, fullPage: true });
    await page.goto(`${base}/plaatsen/WK960102`);
    check(await page.getByRole('heading', { name: 'Wie werkt hier' }).isVisible(), 'the gemeente sees who works in the wijk');
    await axe(page, 'wijk with team (gemeente)');
  }
  await page.context().close();
}

// --- Without JavaScript --------------------------------------------------------
{
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Welkom, Fatima El Amrani', 'sign-in works without JavaScript');
  await page.getByRole('link', { name: 'English' }).click();
  check(await page.locator('html').getAttribute('lang') === 'en', 'language switch works without JavaScript');
  await signOut(page);
  check(await page.getByRole('link', { name: 'Sign in' }).first().isVisible(), 'sign-out works without JavaScript');
  await page.context().close();
}

await browser.close();
console.log(`${checks - failures.length}/${checks} checks passed; screenshots in ${shots}`);
if (failures.length) {
  console.log('failures:\n' + failures.map((f) => `  - ${f}`).join('\n'));
  process.exit(1);
}
