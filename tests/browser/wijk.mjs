// Browser checks of the wijk taking part: the open podium, initiatives with
// their clock, the right to challenge and the wijkkrant (on a phone, with axe,
// and on paper). run.mjs calls this with its helpers.

export async function wijkChecks({ base, password, shots, check, newPage, axe, visit, signIn }) {
  {
    // The open podium (no script on these pages): anyone finds the meetings, a resident registers, and cancels again.
    const page = await newPage();
    await visit(page, '/plaatsen/WK960102/bijeenkomsten', 'bijeenkomsten (anonymous, phone)', { shot: 'bijeenkomsten' });
    check(await page.getByText('Vol. 3 op de wachtlijst.').isVisible(), 'the full walk shows its waiting list as a count');
    await page.getByRole('link', { name: 'Wijkavond: het wijkplan een jaar verder' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'bijeenkomst (anonymous, phone)');
    check(await page.getByRole('table', { name: /Agenda \(105 minuten\)/ }).isVisible(), 'the agenda shows its planned minutes');
    await page.getByRole('link', { name: 'Log in om u aan te melden' }).click();
    await page.getByLabel('E-mailadres').fill('karim@demo.wijkwerk.nl');
    await page.getByLabel('Wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByRole('heading', { level: 1, name: 'Wijkavond: het wijkplan een jaar verder' }).isVisible(), 'after signing in, back at the meeting');
    if (await page.getByRole('button', { name: 'Ik kom toch niet' }).isVisible()) {
      await page.getByRole('button', { name: 'Ik kom toch niet' }).click();
      await page.waitForLoadState('domcontentloaded');
    }
    await page.getByRole('button', { name: 'Ik kom' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'bijeenkomst after registering');
    check(await page.getByText('U bent aangemeld. Tot dan!').isVisible(), 'registering works');
    await page.screenshot({ path: `${shots}bijeenkomst.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}bijeenkomst-print.png`, fullPage: true });
    check(!(await page.getByRole('button', { name: 'Ik kom toch niet' }).isVisible()), 'the printed meeting leaves out the buttons');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Uitnodiging om te printen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'printed invitation (phone)');
    check(await page.getByRole('img', { name: /QR-code/ }).isVisible(), 'the invitation carries a QR code');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}bijeenkomst-uitnodiging-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Terug naar de bijeenkomst' }).click();
    await page.waitForLoadState('domcontentloaded');
    await page.getByRole('button', { name: 'Ik kom toch niet' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByRole('button', { name: 'Ik kom' }).isVisible(), 'cancelling works');
    await page.context().close();
  }
  {
    // The coördinator plans a meeting; a wrong agenda row is named at its field.
    const page = await newPage();
    await signIn(page, 'petra@demo.wijkwerk.nl');
    await visit(page, '/plaatsen/WK960102/bijeenkomsten', 'bijeenkomsten with the form (coördinator, phone)');
    await page.getByLabel('Naam van de bijeenkomst').fill('Buurtlunch');
    await page.getByLabel('Waarom komen we bij elkaar?').fill('Samen eten en kennismaken.');
    await page.getByLabel('Soort bijeenkomst').selectOption('ontmoeting');
    await page.getByLabel('Begint op (datum en tijd)').fill('2031-01-15T12:00');
    await page.getByLabel('Eindigt op (datum en tijd)').fill('2031-01-15T13:30');
    await page.getByLabel('Adres', { exact: true }).fill('Lindenlaan 12, Lindenhoven');
    await page.getByLabel('Wie organiseert het?').fill('Naaiclub De Draad');
    await page.getByLabel('Punt 1', { exact: true }).fill('Eten');
    await page.getByLabel('Minuten voor punt 1').fill('veel');
    await page.getByRole('button', { name: 'Bijeenkomst plannen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'meeting form with an error');
    check(await page.locator('#agenda-0-minutes-error').isVisible(), 'the agenda row is named');
    await page.getByLabel('Minuten voor punt 1').fill('60');
    await page.getByRole('button', { name: 'Bijeenkomst plannen' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByText('woensdag 15 januari 2031, 12:00 – 13:30').isVisible(), 'the new meeting shows its Dutch date and time');
    // Minutes and decisions: the energy evening carries the playground, twice on the agenda by now.
    await page.goto(`${base}/plaatsen/WK960102/bijeenkomsten`);
    check(await page.getByRole('heading', { name: 'U vroeg, wij deden' }).isVisible(), 'the decisions are public');
    await page.getByRole('link', { name: 'Energie-avond' }).first().click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'past meeting with minutes and forms (coördinator, phone)');
    check(await page.getByText('(al 2 keer op de agenda)').isVisible(), 'an open decision is carried onto later agendas');
    check(await page.getByText(/Gemiddeld een 4,2 van de 5, van 12 mensen/).isVisible(), 'the evaluation shows its average once enough people rated');
    await page.getByLabel('Wat is er besloten?').fill('Folder over isolatie');
    await page.getByLabel('Wie zorgt ervoor?').fill('Energiecoaches');
    await page.getByRole('button', { name: 'Besluit toevoegen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'decision form with an error');
    check(await page.locator('#dueOn-error').isVisible(), 'a decision without a date is refused at its field');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}bijeenkomst-verslag-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.context().close();
  }
  {
    // Initiatives: anyone reads the register with its rules, clock and budget; the coördinator decides with a reason.
    const page = await newPage();
    await visit(page, '/plaatsen/WK960102/initiatieven', 'initiatieven (anonymous, phone)', { shot: 'initiatieven' });
    check(await page.getByText(/Besluit uiterlijk .*: nog/).first().isVisible(), 'the clock is shown in words and working days');
    check(await page.getByRole('table', { name: /Wijkbudget van Oosterpark per jaar/ }).isVisible(), 'the wijkbudget is a table with its numbers');
    check(await page.getByText('vanzelf goedgekeurd').isVisible(), 'the default approval is named');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}initiatieven-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await signIn(page, 'petra@demo.wijkwerk.nl');
    await page.goto(`${base}/plaatsen/WK960102/initiatieven`);
    await page.getByRole('link', { name: 'Bankjes bij de speeltuin' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'initiative with the decision form (coördinator, phone)');
    await page.getByLabel('Goedkeuren').check();
    await page.getByRole('button', { name: 'Besluit opslaan' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'decision form with an error');
    check(await page.locator('#reason-error').isVisible(), 'a decision without a reason is refused at its field');
    await page.getByLabel('Goedkeuren').check();
    await page.getByLabel(/^Waarom\?/).fill('Fijn voor ouders en ouderen, en de buren helpen mee.');
    await page.getByRole('button', { name: 'Besluit opslaan' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByText('Fijn voor ouders en ouderen').isVisible(), 'the decision shows with its reason');
    await page.screenshot({ path: `${shots}initiatief.png`, fullPage: true });
    await page.context().close();
  }
  {
    // Right to challenge: anyone reads the plans; a resident challenges one; the gemeente answers.
    const page = await newPage();
    await visit(page, '/plaatsen/WK960102/uitdaagrecht', 'uitdaagrecht (anonymous, phone)', { shot: 'uitdaagrecht' });
    await page.getByRole('link', { name: 'Werkcoaches in Oosterpark 2027' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'intervention with an answered challenge (anonymous, phone)');
    check(await page.getByRole('table', { name: /Uitgaven van de gemeente aan deze taak/ }).isVisible(), "the gemeente's own spending is a table beside the bids");
    check(await page.getByText(/goedkoper, 21%/).isVisible(), 'the bid is compared with the budget in numbers');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}interventie-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await signIn(page, 'karim@demo.wijkwerk.nl');
    await page.goto(`${base}/plaatsen/WK960102/uitdaagrecht`);
    await page.getByRole('link', { name: 'Groenonderhoud Oosterpark-Zuid' }).click();
    await page.waitForLoadState('domcontentloaded');
    await page.getByRole('button', { name: 'Plan indienen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'challenge form with errors (resident, phone)');
    check(await page.locator('#plan-error').isVisible(), 'a challenge without a plan is refused at its field');
    await page.getByRole('radio', { name: 'bewoners' }).check();
    await page.getByLabel('Naam van uw groep of organisatie').fill('Moestuinclub');
    await page.getByLabel(/^Uw plan/).fill('Wij maaien en schoffelen met de moestuinclub.');
    await page.getByLabel(/^Wat kost het/).fill('30.000');
    await page.getByLabel(/^Waarom is het beter/).fill('We zijn er toch al elke week.');
    await page.getByRole('button', { name: 'Plan indienen' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByRole('heading', { name: /Moestuinclub/ }).isVisible(), 'the challenge is public under its group name');
    await page.screenshot({ path: `${shots}interventie.png`, fullPage: true });
    await page.context().close();
  }
  {
    // The wijkkrant: anyone reads and prints last month's paper; an editor takes a suggestion into this month's.
    const page = await newPage();
    await visit(page, '/plaatsen/WK960102/wijkkrant', 'wijkkrant editions (anonymous, phone)');
    await page.getByRole('link', { name: /De Oosterparker/ }).first().click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'wijkkrant edition (anonymous, phone)');
    check(await page.getByRole('heading', { name: 'Elke maand prikken we zwerfvuil' }).isVisible(), 'the paper shows its stories');
    check(await page.getByRole('heading', { name: /Knip uit en lever in/ }).isVisible(), 'the paper ends with a slip to hand in');
    await page.emulateMedia({ media: 'print' });
    const fontSize = await page.locator('.paper').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    check(fontSize >= 18, `the printed paper is in large type (${fontSize} px)`);
    await page.screenshot({ path: `${shots}wijkkrant-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await signIn(page, 'karim@demo.wijkwerk.nl');
    await page.goto(`${base}/plaatsen/WK960102/wijkkrant`);
    await page.getByRole('link', { name: /in de maak/ }).or(page.locator('li:has-text("in de maak") a')).first().click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'wijkkrant draft with the editors tools (phone)');
    check(await page.getByText(/zin is lang|zinnen zijn lang/).first().isVisible(), 'a long sentence is pointed out to the editors');
    const take = page.getByRole('button', { name: /Neem op in de krant/ }).first();
    if (await take.count()) {
      await take.click();
      await page.waitForLoadState('domcontentloaded');
    }
    await page.screenshot({ path: `${shots}wijkkrant-redactie.png`, fullPage: true });
    await page.context().close();
  }
}
