// Browser tests: Debian's chromium, driven by playwright-core, checked by axe-core.
//
// Expects a wijkwerk demo server at WIJKWERK_URL (scripts/browser-tests starts one).
// Walks every page type as the people who use it, runs axe-core (WCAG 2.1 A/AA and
// best practices) on each, fails on any violation or Content-Security-Policy report,
// and saves phone-sized screenshots in tests/browser/screenshots/.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { wijkChecks } from './wijk.mjs';
import { cooperativeChecks } from './cooperative.mjs';
import { intakeChecks, luisterloketChecks } from './luisterloket.mjs';

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
    viewport: phone ? { width: 360, height: 740 } : { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
    deviceScaleFactor: 1,
    locale: 'nl-NL',
    javaScriptEnabled,
  });
  const page = await context.newPage();
  // A step that cannot happen fails after a while instead of hanging the run.
  page.setDefaultTimeout(20000);
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
  await layout(page, label);
}

// On a phone nothing may be wider than the screen (a table scrolls inside its
// own region), and the page's heading is on the first screen, high enough that
// the page and not the header fills it.
async function layout(page, label) {
  const m = await page.evaluate(() => {
    const h1 = document.querySelector('main h1, h1');
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.checkVisibility() && !e.closest('.utrecht-table-container, svg') && e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}`);
    return {
      viewport: window.innerWidth,
      screen: window.innerHeight,
      width: document.documentElement.scrollWidth,
      wide,
      h1Top: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
    };
  });
  if (m.viewport > 400) return;
  check(m.width <= m.viewport && m.wide.length === 0, `${label}: nothing wider than the ${m.viewport} px phone (page ${m.width} px${m.wide.length ? '; ' + m.wide.join(', ') : ''})`);
  check(m.h1Top !== null && m.h1Top <= m.screen / 3, `${label}: the heading starts in the first third of the screen (at ${Math.round(m.h1Top)} of ${m.screen} px)`);
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

// On a phone the main menu folds behind one "Menu" button: open it first.
async function openMenu(page) {
  const button = page.locator('.site-menu__button');
  if (await button.isVisible() && !(await page.locator('.site-menu').evaluate((d) => d.open))) {
    await button.click();
  }
}

async function signOut(page) {
  await openMenu(page);
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
  const navShownInPrint = await desktop.locator('.site-nav--wide').isVisible();
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
  check(await page.getByRole('heading', { name: 'Wat vraagt nu uw aandacht?' }).isVisible(), 'the start page opens with what needs her now');
  check(await page.getByRole('link', { name: 'Betalen' }).isVisible(), 'a resident with coins gets a pay button on her start page');
  check(await page.getByText('U komt naar Wandeling met de wijkagent', { exact: false }).isVisible(), 'her start page names the meeting she comes to');

  await openMenu(page);
  await page.getByRole('link', { name: 'Mijn gegevens' }).first().click();
  await axe(page, 'my data');
  await page.screenshot({ path: `${shots}my-data.png`, fullPage: true });
  // Reads of her profile (the luisterloket's reads of her story are there too).
  const profileReads = (p) => p.locator('#log-title ~ div table tbody tr', { hasText: 'Naam, e-mailadres en buurt' });
  const readsBefore = await profileReads(page).count();
  check(readsBefore === 3, `access log shows the three demo reads of her profile (${readsBefore})`);

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
  await openMenu(page);
  await page.screenshot({ path: `${shots}menu-open.png` });
  await layout(page, 'open menu');
  check(await page.getByRole('button', { name: 'Uitloggen', exact: true }).isVisible(), 'the open menu offers signing out');
  await page.getByRole('link', { name: 'English' }).click();
  check(await page.locator('html').getAttribute('lang') === 'en', 'language switch sets lang="en"');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'My data', 'the page is in English');
  await axe(page, 'my data (English)');
  await page.screenshot({ path: `${shots}my-data-en.png`, fullPage: true });
  await page.goto(`${base}/sociale-kaart`);
  const dutchParts = await page.locator('main [lang="nl"]').count();
  check(dutchParts > 0, `in English, Dutch descriptions are marked lang="nl" (${dutchParts})`);
  await axe(page, 'sociale kaart (English)');
  await page.goto(`${base}/`);
  await axe(page, 'home (English)');
  await openMenu(page);
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
  const profile = page.locator('#log-title ~ div table tbody tr', { hasText: 'Naam, e-mailadres en buurt' });
  const reads = await profile.count();
  check(reads === 4, `the resident sees the coach's new read of her profile in her log (${reads} rows)`);
  check(await profile.first().textContent().then((t) => t.includes('Sanne Visser')), 'the newest read is the coach');
  await page.context().close();
}

// --- The week test, a goal, and the effect over time ------------------------
{
  const page = await newPage();
  await signIn(page, 'petra@demo.wijkwerk.nl');
  await openMenu(page);
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
  check(await page.getByRole('heading', { level: 2, name: 'Uw prioriteit nu: Werk' }).isVisible(), 'the result names the priority');
  await axe(page, 'week test result');
  await page.screenshot({ path: `${shots}weektest-result.png`, fullPage: true });

  await page.getByRole('link', { name: 'Maak een doel voor uw prioriteit' }).click();
  await axe(page, 'new goal form');
  check(await page.locator('#domain').inputValue() === 'werk', 'the goal starts in the priority domain');
  await page.getByLabel('Wat wilt u doen?').fill('Minder overwerken');
  await page.getByLabel('Hoeveel uur per week?').fill('32');
  await page.getByRole('button', { name: 'Doel opslaan' }).click();
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Minder overwerken', 'goal saved');
  await page.locator('#hours').fill('34,5');
  await page.getByRole('button', { name: 'Uren opslaan' }).click();
  check(await page.locator('td', { hasText: '34.5' }).count() === 1, 'hours logged for this week');
  await axe(page, 'goal page');
  await page.screenshot({ path: `${shots}goal.png`, fullPage: true });

  // The week grid: paint some hours, let it fill the totals.
  await visit(page, '/weektest/basis/rooster?dagen', 'week test by typical days');
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
  await openMenu(page);
  await page.getByRole('link', { name: 'Gezin' }).first().click();
  await axe(page, 'households');
  await page.getByRole('link', { name: 'Familie El Amrani' }).click();
  await page.waitForLoadState('domcontentloaded');
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
  // The forms are folded: the page stays short until one is opened.
  const planHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  check(planHeight < 7900, `the family plan is shorter with its forms folded (${planHeight} px on the phone)`);
  await page.locator('summary', { hasText: 'Actie toevoegen' }).click();
  await page.getByLabel('Bij welk doel?').selectOption({ label: 'Elke week iets leuks met z\'n vieren' });
  await page.getByLabel('Wie', { exact: true }).selectOption('Lina');
  await page.getByLabel('Wat', { exact: true }).fill('Een spelletje kiezen voor vrijdag');
  await page.getByLabel('Hoeveel uur?').fill('1');
  await page.getByRole('button', { name: 'Actie toevoegen' }).click();
  check(await page.getByText('Een spelletje kiezen voor vrijdag').isVisible(), 'an action added to the plan');
  check(await page.getByRole('button', { name: 'Voortgang opslaan' }).count() === 1 && await page.getByRole('button', { name: 'Bijwerken' }).count() === 0, 'one button saves the progress of every action');
  await page.getByRole('group', { name: /Een spelletje kiezen voor vrijdag/ }).getByLabel(/Besteed/).fill('1');
  await page.getByRole('button', { name: 'Voortgang opslaan' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('group', { name: /Een spelletje kiezen voor vrijdag/ }).getByLabel(/Besteed/).inputValue() === '1', 'the progress is saved');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}family-plan-print.png`, fullPage: true });
  check(!(await page.locator('.plan-forms').isVisible()), 'the printed plan leaves out the forms');
  await page.context().close();

  const pro = await newPage();
  await signIn(pro, 'ahmed@demo.wijkwerk.nl');
  check(await pro.getByText('Niemand deelt').count() === 0, 'the start page does not say nobody shares while a family shares its plan');
  // Every link to what others share with him opens (none ends on a 403).
  await pro.goto(`${base}/mijn-gegevens`);
  const shared = await pro.locator('h3:has-text("Mensen die iets met u delen") + ul a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of shared) {
    const r = await pro.request.get(base + href);
    check(r.status() === 200, `shared with the wijkwerker: ${href} opens (${r.status()})`);
  }
  check(shared.length > 0, `my data lists what others share with him (${shared.length} links)`);
  await pro.goto(`${base}/`);
  await pro.getByRole('link', { name: 'Gezinsplan Familie El Amrani' }).click();
  check(await pro.getByText('U ziet dit plan omdat alle volwassenen in het gezin toestemming gaven.').isVisible(), 'the professional sees why');
  await axe(pro, 'family plan (professional)');
  await pro.context().close();

  // A code only asks: an adult of the household decides.
  const fatima = await newPage();
  await signIn(fatima, 'fatima@demo.wijkwerk.nl');
  await fatima.goto(`${base}/gezin`);
  await fatima.getByRole('link', { name: 'Familie El Amrani' }).click();
  const household = fatima.url();
  const code = (await fatima.locator('.join-code').textContent()).trim();
  const asker = await newPage();
  await signIn(asker, 'mehmet@demo.wijkwerk.nl');
  await asker.goto(`${base}/gezin`);
  await asker.getByLabel('Code').fill(code);
  await asker.getByRole('button', { name: 'Meedoen' }).click();
  await asker.screenshot({ path: `${shots}households-waiting.png`, fullPage: true });
  check(await asker.getByText(/U vroeg om mee te doen met .*Familie El Amrani/).isVisible(), 'the asker waits for an answer');
  await axe(asker, 'households (waiting to join)');
  await asker.context().close();
  await fatima.goto(household);
  check(await fatima.getByRole('heading', { name: 'Wil meedoen met dit huishouden' }).isVisible(), 'the adult sees who asks');
  await axe(fatima, 'household with a join request');
  await fatima.screenshot({ path: `${shots}household-join-request.png`, fullPage: true });
  await fatima.getByRole('button', { name: 'Mehmet Kaya niet toelaten' }).click();
  check(await fatima.getByRole('heading', { name: 'Wil meedoen met dit huishouden' }).count() === 0, 'refused: the request is gone');
  await fatima.context().close();
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
  const task = { ondernemer: 'Naar de kassa', gemeente: 'Naar de regelingen', partner: 'Gegevens bijwerken' }[label];
  if (task) check(await page.getByRole('link', { name: task }).isVisible(), `home (${label}) opens with its main task: ${task}`);
  if (label === 'gemeente') {
    await openMenu(page);
    await page.getByRole('link', { name: 'Munt' }).click();
    check(new URL(page.url()).pathname === '/munt/regelingen', `"Munt" takes the gemeente to its programmes, not an empty wallet (${page.url()})`);
    await page.goto(`${base}/`);
    await page.screenshot({ path: `${shots}home-gemeente.png`, fullPage: true });
    await page.goto(`${base}/plaatsen/WK960102`);
    check(await page.getByRole('heading', { name: 'Wie werkt hier' }).isVisible(), 'the gemeente sees who works in the wijk');
    await axe(page, 'wijk with team (gemeente)');
  }
  await page.context().close();
}

// --- The wijk: sociale kaart, wijkplan, survey, vraag en aanbod ----------------
{
  const page = await newPage();
  await visit(page, '/sociale-kaart?q=taal', 'sociale kaart search', { shot: 'sociale-kaart' });
  check(await page.locator('.service-card').count() > 0, 'searching the sociale kaart for "taal" finds services');
  await page.locator('.service-card a').first().click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'sociale kaart service');
  await visit(page, '/sociale-kaart/lijst/BU96010201', 'printable list per buurt');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}sociale-kaart-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await visit(page, '/plaatsen/WK960102/wijkplan', 'wijkplan', { shot: 'wijkplan' });
  check(await page.getByText('CO₂-neutraal').first().isVisible(), 'the wijkplan shows its ambition');
  await visit(page, '/plaatsen/WK960102/vraag-en-aanbod', 'vraag en aanbod', { shot: 'vraag-en-aanbod' });
  check(await page.getByText('Veel vraag, weinig aanbod').count() > 0, 'vraag en aanbod names a shortage');
  check(await page.getByRole('img', { name: /Deel van de vraag en deel van het aanbod/ }).count() === 1, 'vraag en aanbod draws both shares per domain');
  check(await page.getByRole('heading', { name: 'Hoe lezen we dit?' }).isVisible(), 'vraag en aanbod explains its rule');
  const shares = await page.locator('tbody tr').first().locator('td').allTextContents();
  check(shares.some((c) => /%$/.test(c.trim())), `the table gives the shares the verdict compares (${shares.join(' | ')})`);

  // The wijk's figures: in words since the 0-meting, the index as a named image, missing as unknown.
  await page.goto(`${base}/plaatsen/WK960102`);
  await page.getByRole('link', { name: 'Cijfers van deze plek' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'cijfers van een wijk');
  await page.screenshot({ path: `${shots}cijfers.png`, fullPage: true });
  check(await page.getByText(/In Oosterpark daalde het van 15/).count() > 0, 'the figures say in words what changed since the 0-meting');
  check(await page.getByRole('img', { name: /Oosterpark vergeleken met de gemeente/ }).count() === 1, 'the index chart is an image with a name and its numbers in a table');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}cijfers-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  // The map of the gemeente's wijken: choose the figure without script; patterns as well as colours.
  await visit(page, '/plaatsen/GM9601/cijfers', 'cijfers van de gemeente met kaart');
  await page.locator('#kaart').selectOption('arbeidsparticipatie');
  await page.locator('#kaart').locator('xpath=ancestor::form').getByRole('button', { name: 'Toon' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'kaart van de wijken');
  check(await page.getByRole('img', { name: /Mensen met betaald werk in Lindenhoven, op de kaart/ }).count() === 1, 'the map is an image named after its figure');
  check(await page.locator('.choropleth__area--above, .choropleth__area--below, .choropleth__area--far-below').count() > 0, 'the map marks wijken above and below the gemeente');
  await page.locator('#map-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}kaart.png` });
  // Mens, wat woon je: the housing projects and a scorecard with its advice.
  await visit(page, '/plaatsen/GM9601/wonen', 'woningbouw: mens, wat woon je');
  await page.getByRole('link', { name: 'De Linde, Oosterpark-Zuid' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'scorekaart van een woningbouwproject');
  await page.screenshot({ path: `${shots}wonen.png`, fullPage: true });
  check(await page.getByRole('heading', { name: 'Zo wordt de score hoger' }).isVisible(), 'a housing project gets advice to raise its score');
  // One figure over the whole country, from the wijk's figures.
  await page.goto(`${base}/plaatsen/WK960102/cijfers`);
  await page.getByRole('link', { name: 'Vergelijk met heel Nederland' }).first().click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'een cijfer over heel Nederland');
  check(await page.getByText(/plekken in 2024/).isVisible(), 'the national comparison says how many places it compares');
  await visit(page, '/plaatsen/BU96010204/cijfers', 'cijfers van een kleine buurt');
  check(await page.getByText('Niet bekend of geheim').count() > 0, 'a value CBS keeps secret shows as unknown, not as 0');

  // A resident finds the survey on her buurt's page and answers it on a phone.
  await page.goto(`${base}/plaatsen/BU96010201`);
  await page.getByRole('link', { name: 'Wat vindt u belangrijk in Oosterpark?' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'survey form');
  await page.screenshot({ path: `${shots}survey-form.png`, fullPage: true });
  check(await page.getByLabel('In welke buurt woont of werkt u?').inputValue() === 'BU96010201', 'the buurt comes from the link');
  // Sending without the required answers: errors at the questions, typed answers kept.
  await page.getByLabel('Uw antwoord').fill('Meer bankjes');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('alert').first().isVisible(), 'missing answers give an error summary');
  const summaryLinks = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  const targetsExist = await page.evaluate((hrefs) => hrefs.every((h) => document.getElementById(h.slice(1))), summaryLinks.map((l) => l[1]));
  check(summaryLinks.length > 0 && targetsExist, `the survey's error summary links to each question's message (${summaryLinks.map((l) => l[0]).join(' | ')})`);
  check(await page.locator('.error-summary').evaluate((e) => e === document.activeElement), 'the survey error summary has the focus');
  check(await page.getByLabel('Uw antwoord').inputValue() === 'Meer bankjes', 'typed answers are kept after an error');
  await axe(page, 'survey form with errors');
  await page.getByLabel('Bewoner').check();
  await page.getByLabel('4', { exact: true }).check();
  await page.getByLabel('Plaats 1').selectOption({ label: 'Werk en leerplekken voor mensen uit de wijk' });
  await page.getByLabel('Plaats 2').selectOption({ label: 'Plekken om elkaar te ontmoeten' });
  await page.getByLabel('Plaats 3').selectOption({ label: 'Activiteiten voor jongeren' });
  await page.getByLabel('Koffie-ochtend in het buurthuis').check();
  await page.getByRole('button', { name: 'Versturen' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Dank u wel!', 'the resident is thanked');
  await axe(page, 'survey thanks');
  await page.getByRole('link', { name: 'Uitslag' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'survey results');
  // Published counts carry a perturbation of at most 2 (the cell key method).
  const shown = Number((await page.getByText(/mensen deden mee/).first().textContent()).match(/(\d+) mensen deden mee/)[1]);
  check(Math.abs(shown - 303) <= 2, `the answer is counted in the results (${shown} for 303)`);
  check(await page.getByText('Meer bankjes').count() === 0, 'open answers are not public');
  await page.goto(`${base}${new URL(page.url()).pathname}?per=buurt`);
  await axe(page, 'survey results per buurt');
  await page.screenshot({ path: `${shots}survey-results-buurt.png`, fullPage: true });
  check(await page.locator('th', { hasText: 'Het Veld' }).count() > 0 && await page.getByText('niet getoond').count() > 0, 'a small buurt is shown as hidden');
  await page.context().close();
}
{
  // The coördinator builds a survey, opens it and prints a poster.
  const page = await newPage({ phone: false });
  await signIn(page, 'petra@demo.wijkwerk.nl');
  await visit(page, '/enquetes', 'surveys (coordinator)');
  await page.getByLabel('Titel (Nederlands)').fill('Speeltuin aan de Lindenlaan');
  await page.getByLabel('Oosterpark').check();
  await page.getByRole('button', { name: 'Enquête maken' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Speeltuin aan de Lindenlaan', 'a new survey opens in the builder');
  await axe(page, 'survey builder');
  // Opening without questions is refused with a reason.
  await page.getByRole('button', { name: 'Openzetten' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('Voeg eerst minstens één vraag toe.').isVisible(), 'a survey without questions cannot open');
  await page.getByLabel('Soort vraag').selectOption('single');
  await page.getByLabel('De vraag (Nederlands)').fill('Moet de speeltuin opnieuw?');
  await page.getByLabel('Antwoorden, één per regel').fill('Ja | Yes\nNee | No\nWeet ik niet');
  await page.getByLabel('Deze vraag moet beantwoord worden').check();
  await page.getByRole('button', { name: 'Vraag toevoegen' }).last().click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('Moet de speeltuin opnieuw?').isVisible(), 'the question is added');
  await page.getByRole('button', { name: 'Openzetten' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('Open ·').isVisible(), 'the survey is open');
  const link = await page.getByLabel('Link voor iedereen').inputValue();
  check(link.startsWith(base + '/enquete/'), `the survey's link is the full address (${link})`);
  await page.getByRole('button', { name: 'Kopiëren' }).click();
  // The clipboard answers asynchronously: wait for the status line.
  const copied = await page.getByText('Gekopieerd.').waitFor({ timeout: 3000 }).then(() => true, () => false);
  const clip = copied ? await page.evaluate(() => navigator.clipboard.readText()) : '';
  check(copied && clip === link, `the copy button copies the link and says so (${clip})`);
  const builderUrl = page.url();
  await page.goto(builderUrl + '/uitslag');
  check(await page.getByText(/Binnengekomen: 0 antwoorden/).isVisible(), 'the lead sees how many answered while every group is hidden');
  await page.getByRole('link', { name: /Terug naar de enquête/ }).click();
  check(page.url() === builderUrl, 'the results lead back to the survey');
  await page.getByRole('link', { name: 'Poster voor Oosterpark-Noord' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'survey poster');
  const qr = await page.locator('img.poster__qr').evaluate((img) => img.complete && img.naturalWidth > 0);
  check(qr, 'the poster shows its QR code');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}survey-poster-print.png`, fullPage: true });
  await page.context().close();
}
{
  // The wijkwerker enters a paper form from the buurthuis.
  const page = await newPage();
  await signIn(page, 'ahmed@demo.wijkwerk.nl');
  await page.getByRole('link', { name: 'Papieren formulieren invoeren: Wat vindt u belangrijk in Oosterpark?' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'paper entry');
  await page.getByLabel('Ondernemer').check();
  await page.getByLabel('3', { exact: true }).check();
  await page.getByLabel('Plaats 1').selectOption({ label: 'Schone en veilige straten' });
  await page.getByRole('button', { name: 'Opslaan en volgende' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('Opgeslagen. U kunt het volgende formulier invoeren.').isVisible(), 'a paper form is saved and the next can follow');
  await page.context().close();
}
{
  // A partner keeps the sociale kaart; the coördinator keeps the wijkplan.
  const page = await newPage();
  await signIn(page, 'karin@demo.wijkwerk.nl');
  {
    // A resident puts her own initiative on the map (it waits for review).
    const resident = await newPage();
    await signIn(resident, 'karim@demo.wijkwerk.nl');
    await visit(resident, '/sociale-kaart/beheer', 'sociale kaart upkeep (bewoner)', { shot: 'sociale-kaart-upkeep-bewoner' });
    await resident.getByRole('link', { name: 'Iets toevoegen' }).click();
    await resident.waitForLoadState('domcontentloaded');
    await axe(resident, 'sociale kaart own initiative (bewoner)');
    await resident.getByLabel('Naam van uw initiatief').fill('Wandelgroep Oosterpark');
    await resident.getByLabel('Naam', { exact: true }).fill('Samen wandelen op zondag');
    await resident.getByLabel('Sport en bewegen').check();
    await resident.getByLabel('Oosterpark-Zuid').check();
    await resident.getByRole('button', { name: 'Op de kaart zetten' }).click();
    await resident.waitForLoadState('domcontentloaded');
    check(await resident.getByRole('heading', { level: 1, name: 'Samen wandelen op zondag' }).isVisible(), 'a resident proposes her own initiative for review');
    await resident.context().close();
  }
  await visit(page, '/sociale-kaart/beheer', 'sociale kaart upkeep (partner)');
  await visit(page, '/sociale-kaart/nieuw', 'sociale kaart new entry (partner)', { shot: 'sociale-kaart-form' });
  // Sent empty: the error summary takes the focus and links to each problem by field.
  await page.getByRole('button', { name: 'Op de kaart zetten' }).click();
  await page.waitForLoadState('domcontentloaded');
  const summary = page.locator('.error-summary');
  check(await summary.evaluate((e) => e === document.activeElement), 'the error summary has the focus after sending');
  const links = await summary.getByRole('link').allTextContents();
  check(links.some((l) => l.startsWith('Naam')), `the error summary names the fields (${links.join(' | ')})`);
  await axe(page, 'sociale kaart form with errors');
  await page.screenshot({ path: `${shots}sociale-kaart-form-errors.png`, fullPage: true });
  // Places by name, grouped by wijk; opening hours as people type them.
  await page.getByLabel('Naam', { exact: true }).fill('Naaiclub Het Veld');
  await page.getByLabel('Familie en vrienden').check();
  await page.getByLabel('Oosterpark-Noord').check();
  await page.getByLabel('Wanneer', { exact: true }).fill('maandag 9:00-12:00 in het buurthuis');
  await page.getByRole('button', { name: 'Op de kaart zetten' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('Naaiclub Het Veld').count() > 0 && !page.url().includes('/nieuw'), `a new entry with "maandag 9:00-12:00" is saved (${page.url()})`);
  await page.context().close();
  const lead = await newPage();
  await signIn(lead, 'petra@demo.wijkwerk.nl');
  await visit(lead, '/plaatsen/WK960102/wijkplan/bewerken', 'wijkplan upkeep (coordinator)');
  await visit(lead, '/sociale-kaart/beheer', 'sociale kaart review (coordinator)');
  await lead.context().close();
}

// --- The social coin ----------------------------------------------------------
{
  // Fatima pays the bakery on her phone: from the shop's page (its QR code) to the receipt.
  const page = await newPage();
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  await visit(page, '/munt', 'coin wallet (bewoner)', { shot: 'coin-wallet-phone' });
  const before = await page.locator('.coin-balance__amount').first().textContent();
  await page.getByRole('link', { name: 'Bakkerij Kaya' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'coin shop page');
  await page.screenshot({ path: `${shots}coin-shop-phone.png`, fullPage: true });
  check(await page.getByRole('link', { name: 'Betaal hier' }).isVisible(), 'the shop page from the wallet has a pay button');
  check(await page.getByRole('heading', { name: 'Waar en wanneer' }).isVisible() && await page.getByText(/\d{2}:\d{2}–\d{2}:\d{2}/).count() > 0, 'the shop page says where and when it is open');
  check(await page.getByRole('link', { name: /Mijn munten/ }).isVisible(), 'the shop page leads back to the wallet');
  const shopUrl = page.url();
  await page.goto(`${shopUrl}?poster`);
  await axe(page, 'coin shop poster');
  const qr = await page.locator('img.poster__qr').evaluate((img) => img.complete && img.naturalWidth > 0);
  check(qr, 'the counter poster shows its QR code');
  const code = (await page.locator('.poster__link strong').textContent()).trim();
  await page.goto(shopUrl);
  await page.getByRole('link', { name: 'Betaal hier' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(new URL(page.url()).search === `?zaak=${code}`, `"Betaal hier" opens the pay form for this shop (${page.url()})`);
  await visit(page, `/munt/betalen?zaak=${code}`, 'coin pay form', { shot: 'coin-pay-phone' });
  check(await page.getByText('U betaalt aan Bakkerij Kaya.').isVisible(), 'the pay form names the shop from the QR code');
  await page.getByLabel('Bedrag in euro').fill('twee');
  await page.getByRole('button', { name: 'Betaal' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.locator('#amount-error').isVisible(), 'a wrong amount is explained at the field');
  await axe(page, 'coin pay form with error');
  await page.getByLabel('Bedrag in euro').fill('2,00');
  await page.getByRole('button', { name: 'Betaal' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('status').textContent().then((t) => t.includes('U heeft € 2,00 betaald aan Bakkerij Kaya')), 'the receipt says what was paid to whom');
  const after = await page.locator('.coin-balance__amount').first().textContent();
  check(before !== after, `the balance changed (${before} → ${after})`);
  await page.screenshot({ path: `${shots}coin-paid-phone.png`, fullPage: true });
  await visit(page, '/munt/pas', 'coin card', { shot: 'coin-card-phone' });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}coin-card-print.png`, fullPage: true });
  const formsPrinted = await page.locator('form.narrow-form').first().isVisible();
  check(!formsPrinted, 'the printed card leaves out the PIN form');
  await page.context().close();
}
{
  // Mehmet takes a card payment: card code and amount, then Fatima's PIN.
  const page = await newPage();
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  await page.goto(base + '/munt/pas');
  const card = (await page.locator('.coin-card__code').first().textContent()).trim();
  await page.context().close();
  const till = await newPage();
  await signIn(till, 'mehmet@demo.wijkwerk.nl');
  await visit(till, '/munt/kassa', 'coin till (ondernemer)', { shot: 'coin-till-phone' });
  await till.getByLabel('Code van de pas').fill(card.toLowerCase());
  await till.getByLabel('Bedrag in euro').first().fill('1,50');
  await till.getByRole('button', { name: 'Verder' }).click();
  await till.waitForLoadState('domcontentloaded');
  await axe(till, 'coin PIN entry');
  await till.getByLabel('Pincode (de klant typt)').fill('4821');
  await till.getByRole('button', { name: 'Betaal' }).click();
  await till.waitForLoadState('domcontentloaded');
  check(await till.getByRole('status').textContent().then((t) => t.includes('€ 1,50')), 'the till confirms the card payment');
  await till.context().close();
}
{
  // The gemeente looks after its programme: the money adds up, coins for many people at once.
  const page = await newPage({ phone: false });
  await signIn(page, 'ellen@demo.wijkwerk.nl');
  await visit(page, '/munt/regelingen', 'coin programmes (gemeente)');
  await page.getByRole('link', { name: 'Stadspas-munt Lindenhoven' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'coin programme (gemeente)');
  check(await page.getByText('Dat is precies gelijk aan alle munten samen.').isVisible(), 'escrow equals all coins');
  await page.getByLabel('Regels').fill('persoon;bedrag;omschrijving\nkarim@demo.wijkwerk.nl;12,50;Vrijwilligerswerk\nniemand@example.org;5;x\n');
  await page.getByRole('button', { name: 'Munten geven' }).last().click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText('1 keer gegeven, 0 al eerder gegeven, 1 regels niet gelukt.').isVisible(), 'bulk issuance reports per line');
  await axe(page, 'coin programme with bulk report');
  await page.screenshot({ path: `${shots}coin-programme-desktop.png`, fullPage: true });
  // What the gemeente's people did is in the place's audit trail.
  await page.goto(`${base}/plaatsen/GM9601`);
  await page.getByRole('link', { name: 'Logboek van bijzondere handelingen' }).click();
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Logboek van Lindenhoven', 'the audit trail opens');
  await axe(page, 'audit trail (gemeente)');
  await page.screenshot({ path: `${shots}audit-trail-desktop.png`, fullPage: true });
  // The effects: choose a figure without script, fix a 0-meting, see it in the words.
  await visit(page, '/plaatsen/GM9601/effecten', 'effect dashboard (gemeente)', { shot: 'effecten-desktop' });
  await page.getByLabel('Cijfer', { exact: true }).first().selectOption('arbeidsparticipatie');
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByRole('heading', { level: 2, name: 'Mensen met betaald werk' }).isVisible(), 'the dashboard shows the chosen figure');
  await page.locator('#b-wijk').selectOption('WK960101');
  await page.locator('#b-year').selectOption('2023');
  await page.getByRole('button', { name: '0-meting vastleggen' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'effect dashboard after fixing a 0-meting');
  check(await page.getByText(/In Centrum .* van .* naar/).count() > 0, 'a new 0-meting gives Centrum its own sentence');
  // Follow the money: from the dashboard to Oosterpark's money, and a sheet with a wrong line.
  await page.getByRole('link', { name: 'Geld in deze plek' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'geld van de gemeente');
  await page.getByRole('link', { name: 'Oosterpark' }).first().click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'geld van een wijk');
  await page.screenshot({ path: `${shots}geld-desktop.png`, fullPage: true });
  check(await page.getByRole('heading', { name: 'Wat leverde het op?' }).isVisible(), 'the money page links spending to what it achieved');
  await page.getByLabel('Regels').fill('wijk;jaar;soort;betaler;domein;bedrag\nWK960102;2025;besteed;gemeente;werk;100\nWK960102;2025;gift;bank;werk;10\n');
  await page.getByRole('button', { name: 'Regels inlezen' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'geld with a refused sheet');
  check(await page.getByText(/Regel 3/).isVisible(), 'a refused sheet names its wrong line');
  await page.context().close();
}
{
  const page = await newPage();
  await signIn(page, 'ellen@demo.wijkwerk.nl');
  await visit(page, '/plaatsen/GM9601/effecten', 'effect dashboard (gemeente, phone)', { shot: 'effecten' });
  // A survey question as a figure: pick the question, then the answers that count.
  check(await page.getByRole('table', { name: /Enquêtevragen die een cijfer meten/ }).getByRole('cell', { name: /Buurtpeiling Lindenhoven 2024: Hoe prettig/ }).isVisible(), 'the buurtpeiling measures a figure');
  await page.getByLabel('Vraag', { exact: true }).selectOption({ label: 'Wat vindt u belangrijk in Oosterpark? — Hoe prettig vindt u het in uw buurt?' });
  await page.getByRole('button', { name: 'Kies de antwoorden' }).click();
  await page.waitForLoadState('domcontentloaded');
  await page.getByLabel('Voor welk jaar telt deze enquête?').fill('2026');
  await page.getByRole('button', { name: 'Koppelen aan het cijfer' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'survey link refused (phone)');
  check(await page.getByText('Kies een of meer antwoorden', { exact: false }).count() > 0 && await page.locator('#answers-error').isVisible(), 'a link without answers is refused by name');
  await page.getByLabel('4', { exact: true }).check();
  await page.getByLabel('5', { exact: true }).check();
  await page.getByLabel('Voor welk jaar telt deze enquête?').fill('2026');
  await page.getByRole('button', { name: 'Koppelen aan het cijfer' }).click();
  await page.waitForLoadState('domcontentloaded');
  const links = page.getByRole('table', { name: /Enquêtevragen die een cijfer meten/ });
  check(await links.getByRole('cell', { name: /Wat vindt u belangrijk in Oosterpark\?: Hoe prettig/ }).isVisible(), 'the survey question is linked');
  await page.screenshot({ path: `${shots}effecten-enquetes.png`, fullPage: true });
  await links.getByRole('button', { name: /Loskoppelen Wat vindt u belangrijk/ }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await links.getByRole('cell', { name: /Wat vindt u belangrijk in Oosterpark\?: Hoe prettig/ }).count() === 0, 'the link can be undone');
  await visit(page, '/plaatsen/WK960102/geld', 'geld van een wijk (phone)', { shot: 'geld' });
  await visit(page, '/plaatsen/NL/wonen', 'woningbouw per provincie (phone)');
  check(await page.getByRole('table', { name: 'Per provincie' }).getByRole('rowheader', { name: 'Utrecht' }).isVisible(), 'the land groups housing projects per provincie');
  await page.goto(`${base}/plaatsen/GM9601/wonen`);
  await page.getByRole('link', { name: 'Molenkwartier' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'scorekaart with the form (gemeente)');
  await page.locator('input[name="welzijn.ontmoeten"][value="0"]').check();
  await page.getByRole('button', { name: 'Score opslaan' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByText(/Een ontmoetingsplek|Maak een gemeenschappelijke ruimte/).count() > 0, 'a lower score brings its advice');
  await page.context().close();
}
{
  // The wijkscan: the wijkcoördinator opens the newest round, reads the report and changes her answer.
  const page = await newPage();
  await signIn(page, 'petra@demo.wijkwerk.nl');
  await visit(page, '/plaatsen/GM9601/wijkscan', 'wijkscan rounds');
  await page.getByRole('link', { name: 'Wijkscan voorjaar 2026' }).click();
  await page.waitForLoadState('domcontentloaded');
  await axe(page, 'wijkscan round');
  await page.screenshot({ path: `${shots}wijkscan.png`, fullPage: true });
  check(await page.getByRole('heading', { name: 'Wat kunt u doen?' }).isVisible(), 'the wijkscan suggests chances for the pitfalls present');
  await page.getByLabel(/^6\. Er wordt snel besloten/).check();
  await page.getByRole('button', { name: 'Antwoord opslaan' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.getByLabel(/^6\. Er wordt snel besloten/).isChecked(), 'the wijkscan keeps the answer');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}wijkscan-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
}
// The wijk takes part: meetings, initiatives, the right to challenge, the wijkkrant.
await wijkChecks({ base, password, shots, check, newPage, axe, visit, signIn });
await luisterloketChecks({ base, shots, check, newPage, axe, signIn });
await intakeChecks({ base, shots, check, newPage, axe, signIn });
await cooperativeChecks({ base, check, newPage, axe, signIn });

{
  // Paying works without JavaScript, on the cheapest phone.
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, 'karim@demo.wijkwerk.nl');
  await page.goto(base + '/munt/betalen');
  await page.getByLabel('Code van de winkel').fill('Z-0000-00');
  await page.getByLabel('Bedrag in euro').fill('1');
  await page.getByRole('button', { name: 'Betaal' }).click();
  await page.waitForLoadState('domcontentloaded');
  check(await page.locator('#business-error').isVisible(), 'an unknown shop code is explained without JavaScript');
  await page.context().close();
}

// --- Without JavaScript --------------------------------------------------------
{
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, 'fatima@demo.wijkwerk.nl');
  check(await page.getByRole('heading', { level: 1 }).textContent() === 'Welkom, Fatima El Amrani', 'sign-in works without JavaScript');
  // The week without the 168 hours: an ordinary weekday and weekend day, in blocks.
  await page.goto(`${base}/weektest/basis/rooster`);
  await page.getByRole('link', { name: /Minder invullen/ }).click();
  await page.screenshot({ path: `${shots}weektest-days.png`, fullPage: true });
  await page.getByLabel('Van (werkdag, 1)').selectOption('9');
  await page.getByLabel('Tot (werkdag, 1)').selectOption('17');
  await page.getByLabel('Wat doet u dan? (werkdag, 1)').selectOption({ label: 'Werk' });
  await page.getByRole('button', { name: 'Tel mijn uren op' }).click();
  check(await page.locator('#werk-hours').inputValue() === '40', 'an ordinary weekday of 9 to 5 makes 40 hours of work, without JavaScript');
  await page.goto(`${base}/`);
  await openMenu(page);
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
