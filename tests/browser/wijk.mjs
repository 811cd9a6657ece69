// Browser checks of the wijk taking part: the open podium, initiatives with
// their clock, the right to challenge and the wijkkrant (on a phone, with axe,
// and on paper). run.mjs calls this with its helpers.

import zlib from 'node:zlib';

/// A small PNG, with a text chunk naming its maker that the upload must drop.
function png(width, height, rgb) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), ...Array(width).fill(Buffer.from(rgb))]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from('Author\0Fatima El Amrani')),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(Array(height).fill(row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

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
    // Mail is the resident's choice, on "Mijn gegevens" (no script needed).
    await visit(page, '/mijn-gegevens', 'mijn gegevens with the e-mail choices (resident, phone)');
    const invitations = page.getByLabel('Uitnodigingen voor bijeenkomsten in mijn wijk');
    check(await invitations.isChecked(), 'Karim asked for invitations');
    await invitations.uncheck();
    await page.getByRole('button', { name: 'Keuze opslaan' }).click();
    await page.waitForLoadState('domcontentloaded');
    check(await page.getByText('Uw keuze voor e-mail is opgeslagen.').isVisible(), 'the choice is saved');
    check(!(await page.getByLabel('Uitnodigingen voor bijeenkomsten in mijn wijk').isChecked()), 'and invitations are off now');
    check(await page.getByLabel(/Een herinnering, een dag voor/).isChecked(), 'reminders stay on');
    await page.locator('#e-mail').screenshot({ path: `${shots}mijn-gegevens-e-mail.png` });
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
    // Inviting by e-mail: counts only, and the letter for everyone else.
    check(await page.getByText(/van hen willen uitnodigingen per e-mail/).isVisible(), 'the organiser sees, as counts, whom e-mail reaches');
    await page.getByRole('button', { name: 'Uitnodiging mailen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'meeting after mailing the invitation (coördinator, phone)');
    check(await page.getByText(/uitnodiging(en)? klaargezet, 0 verstuurd/).isVisible(), 'the invitation is queued for wijkwerk mail send');
    await page.locator('#e-mail').screenshot({ path: `${shots}bijeenkomst-e-mail.png` });
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
    // The account's photos and receipts: Fatima adds a photo from her phone (no script), described for who cannot see it.
    const page = await newPage();
    await signIn(page, 'fatima@demo.wijkwerk.nl');
    await page.goto(`${base}/plaatsen/WK960102/initiatieven`);
    await page.getByRole('link', { name: 'Kerstverlichting Lindenlaan' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'initiative with the file form (resident, phone)');
    await page.getByLabel('Een foto (iedereen ziet hem)').check();
    await page.getByLabel(/^Bestand/).setInputFiles({ name: 'lichtjes.png', mimeType: 'image/png', buffer: png(64, 48, [250, 200, 40]) });
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'file form with an error');
    check(await page.locator('#description-error').isVisible(), 'a photo without a description is refused at its field');
    await page.getByLabel(/^Wat staat erop\?/).fill('Lichtjes in de bomen van de Lindenlaan');
    await page.getByLabel(/^Bestand/).setInputFiles({ name: 'lichtjes.png', mimeType: 'image/png', buffer: png(64, 48, [250, 200, 40]) });
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForLoadState('domcontentloaded');
    const photo = page.getByRole('img', { name: 'Lichtjes in de bomen van de Lindenlaan' });
    // The upload's redirect may still be on its way when the old page reports loaded.
    await photo.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {});
    check(await photo.isVisible(), 'the photo shows with its description as alt text');
    check(await photo.evaluate((img) => img.complete && img.naturalWidth === 64), 'the kept file is still a picture the browser draws');
    const kept = await (await page.request.get(base + (await photo.getAttribute('src')))).body();
    check(!kept.includes('Fatima El Amrani'), 'the text naming its maker was taken out');
    await page.getByLabel('Een bonnetje (alleen voor de controle)').check();
    await page.getByLabel(/^Bestand/).setInputFiles({ name: 'bon.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% bon\n') });
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'initiative with a photo and a receipt (resident, phone)');
    check(await page.getByRole('heading', { name: 'Bonnetjes', exact: true }).isVisible(), 'the group sees its receipt');
    await page.locator('#bestanden').screenshot({ path: `${shots}initiatief-bestanden.png` });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}initiatief-bestanden-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const where = new URL(page.url()).pathname;
    await page.context().close();
    const anonymous = await newPage();
    await visit(anonymous, where, 'initiative with a photo (anonymous, phone)');
    check(await anonymous.getByRole('img', { name: 'Lichtjes in de bomen van de Lindenlaan' }).isVisible(), 'anyone sees the photo');
    check(!(await anonymous.getByRole('heading', { name: 'Bonnetjes', exact: true }).isVisible()), 'nobody else sees the receipt');
    await anonymous.context().close();
  }
  {
    // Right to challenge: anyone reads the plans; a resident challenges one; the gemeente answers.
    const page = await newPage();
    await visit(page, '/plaatsen/WK960102/uitdaagrecht', 'uitdaagrecht (anonymous, phone)', { shot: 'uitdaagrecht' });
    await page.getByRole('link', { name: /^Werkcoaches in Oosterpark \d{4}$/ }).click();
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
    // Chromium's own print: A4 by default, A3 for the notice board (page size in points from the PDF).
    const pageSize = async () => {
      await page.emulateMedia({ media: 'print' });
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
      await page.emulateMedia({ media: 'screen' });
      // Every page's size, once each: one size means every page has it.
      const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
      return [...new Set(boxes.map((b) => `${Math.round(Number(b[1]))}x${Math.round(Number(b[2]))}`))].join(', ');
    };
    const a4 = await pageSize();
    check(a4 === '595x842', `the paper prints on A4 (${a4} pt)`);
    await page.getByRole('link', { name: 'A3 (voor het prikbord)' }).click();
    await page.waitForLoadState('domcontentloaded');
    await axe(page, 'wijkkrant edition for A3 (anonymous, phone)');
    const a3 = await pageSize();
    check(a3 === '842x1191', `and on A3 for the notice board, every page (${a3} pt)`);
    await page.emulateMedia({ media: 'print' });
    check(await page.locator('.paper__items').evaluate((el) => getComputedStyle(el).columnCount) === '3', 'A3 has three columns');
    await page.screenshot({ path: `${shots}wijkkrant-a3-print.png`, fullPage: true });
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
