// Browser checks of the luisterloket's emergency budget: a professional asks
// for a resident, a second one approves on a phone (with axe), a third
// refuses with a reason, and the resident reads both on her own page and
// sees in her log who read her request. run.mjs calls this with its helpers.

export async function luisterloketChecks({ base, shots, check, newPage, axe, signIn }) {
  const ahmed = await newPage();
  await signIn(ahmed, 'ahmed@demo.wijkwerk.nl');
  await ahmed.goto(`${base}/plaatsen/WK960102/noodbudget`);
  await axe(ahmed, 'noodbudget (wijkwerker, phone)');
  check(await ahmed.getByRole('table', { name: /Aanvragen uit het noodbudget/ }).isVisible(), 'the requests are a table');
  check(!(await ahmed.getByText('Karim El Amrani').isVisible()), 'the list names nobody');
  await ahmed.getByRole('button', { name: 'Aanvraag indienen' }).click();
  await ahmed.waitForLoadState('domcontentloaded');
  await axe(ahmed, 'noodbudget form with errors (phone)');
  check(await ahmed.locator('#what-error').isVisible(), 'a request without a purpose is refused at its field');
  await ahmed.getByLabel('E-mailadres van de bewoner').fill('fatima@demo.wijkwerk.nl');
  await ahmed.getByLabel('Waarvoor is het geld?').fill('Schoolspullen voor haar dochter');
  await ahmed.getByLabel('Bedrag in euro').fill('85');
  await ahmed.getByLabel('Waarom helpt dit?').fill('De school begint maandag; zonder spullen mist ze lessen.');
  await ahmed.getByRole('radio', { name: /Als wijkmunt/ }).check();
  await ahmed.getByRole('button', { name: 'Aanvraag indienen' }).click();
  await ahmed.waitForLoadState('domcontentloaded');
  check(await ahmed.getByRole('heading', { level: 1, name: /Schoolspullen/ }).isVisible(), 'the request opens after asking');
  check(!(await ahmed.getByRole('button', { name: /goedkeuren/ }).isVisible()), 'the requester is offered no approval');
  const where = new URL(ahmed.url()).pathname;
  await ahmed.context().close();

  const petra = await newPage();
  await signIn(petra, 'petra@demo.wijkwerk.nl');
  await petra.goto(`${base}${where}`);
  await axe(petra, 'emergency request (coördinator, phone)');
  await petra.getByRole('button', { name: '€ 85,00 goedkeuren' }).click();
  await petra.waitForLoadState('domcontentloaded');
  check(await petra.getByText(/Er is er 1\./).isVisible(), 'one approval counts, one more is needed');
  check(!(await petra.getByRole('button', { name: /goedkeuren/ }).isVisible()), 'nobody approves twice');
  await petra.getByRole('button', { name: 'Afwijzen' }).click();
  await petra.waitForLoadState('domcontentloaded');
  await axe(petra, 'refusal without a reason (phone)');
  check(await petra.locator('#reason-error').isVisible(), 'a refusal needs a reason');
  await petra.getByLabel('Waarom niet?').fill('De school heeft een fonds hiervoor; we vragen het daar samen aan.');
  await petra.getByRole('button', { name: 'Afwijzen' }).click();
  await petra.waitForLoadState('domcontentloaded');
  check(await petra.getByText('Deze aanvraag is afgewezen.').isVisible(), 'the refusal is recorded');
  await petra.screenshot({ path: `${shots}noodbudget-aanvraag.png`, fullPage: true });
  await petra.emulateMedia({ media: 'print' });
  await petra.screenshot({ path: `${shots}noodbudget-aanvraag-print.png`, fullPage: true });
  check(!(await petra.getByRole('button', { name: 'Afwijzen' }).isVisible()), 'the printed request leaves out the forms');
  await petra.context().close();

  const fatima = await newPage();
  await signIn(fatima, 'fatima@demo.wijkwerk.nl');
  await fatima.goto(`${base}/mijn-gegevens`);
  await axe(fatima, 'mijn gegevens with an emergency request (resident, phone)');
  await fatima.getByRole('link', { name: 'Schoolspullen voor haar dochter' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  await axe(fatima, 'own emergency request (resident, phone)');
  check(await fatima.getByText(/De school heeft een fonds/).isVisible(), 'the resident reads why');
  await fatima.goto(`${base}/mijn-gegevens`);
  const reads = fatima.getByRole('row').filter({ hasText: 'Een aanvraag uit het noodbudget voor u' });
  check((await reads.filter({ hasText: 'Petra Jansen' }).count()) >= 1, "the coördinator's reads are in her log");
  check((await reads.filter({ hasText: 'Ahmed Yilmaz' }).count()) >= 1, "the wijkwerker's reads are in her log");
  await fatima.context().close();
}

// The intake: the resident writes her story on a phone (a fold per life
// domain), shares money with the wijkteam until a date, and the wijkwerker
// reads only that.
export async function intakeChecks({ base, shots, check, newPage, axe, signIn }) {
  const fatima = await newPage();
  await signIn(fatima, 'fatima@demo.wijkwerk.nl');
  await fatima.goto(`${base}/luisterloket`);
  await axe(fatima, 'intake (resident, phone)');
  check(await fatima.getByRole('link', { name: 'Bekijk de uitslag' }).isVisible(), 'her week test is there to bring along');
  const fold = fatima.locator('details.intake-domain', { hasText: 'Geld en schulden' });
  await fold.locator('summary').click();
  await fold.getByRole('radio', { name: /^3\. Het lukt met hulp/ }).check();
  await fold.getByLabel('Waar maakt u zich zorgen over?').fill('Nog één rekening van de zorgverzekeraar.');
  await axe(fatima, 'intake with a domain open (resident, phone)');
  await fatima.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await fatima.waitForLoadState('domcontentloaded');
  check(await fatima.getByText('Uw verhaal is opgeslagen.').isVisible(), 'the story is saved');
  check(await fatima.getByText(/Geld en schulden · 3\./).isVisible(), 'the fold shows the rating without opening it');
  await fatima.getByRole('button', { name: 'Delen' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  await axe(fatima, 'share form with errors (resident, phone)');
  check(await fatima.locator('#organisationId-error').isVisible(), 'a share without an organisation is refused at its field');
  await fatima.getByLabel('Met welke organisatie?').selectOption({ label: 'Wijkteam Oosterpark' });
  await fatima.getByRole('checkbox', { name: 'Gezondheid' }).check();
  const until = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  await fatima.getByLabel('Tot en met welke dag?').fill(until);
  await fatima.getByRole('button', { name: 'Delen' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  check(await fatima.getByText('U hebt het gedeeld.').isVisible(), 'the share is made');
  await fatima.screenshot({ path: `${shots}luisterloket-intake.png`, fullPage: true });
  await fatima.emulateMedia({ media: 'print' });
  await fatima.screenshot({ path: `${shots}luisterloket-intake-print.png`, fullPage: true });
  await fatima.emulateMedia({ media: 'screen' });
  await fatima.context().close();

  const ahmed = await newPage();
  await signIn(ahmed, 'ahmed@demo.wijkwerk.nl');
  await ahmed.goto(`${base}/luisterloket`);
  await ahmed.getByRole('link', { name: 'Fatima El Amrani' }).click();
  await ahmed.waitForLoadState('domcontentloaded');
  await axe(ahmed, 'a shared intake (wijkwerker, phone)');
  check(await ahmed.getByText('Nog één rekening van de zorgverzekeraar.').isVisible(), 'the wijkwerker reads what was shared');
  check(!(await ahmed.getByText(/bakkerij/).isVisible()), 'and not what was not');
  await ahmed.screenshot({ path: `${shots}luisterloket-gedeeld.png`, fullPage: true });
  // A note on what they agreed, which she reads and answers.
  await ahmed.getByLabel('Over welk onderwerp?').selectOption({ label: 'Gezondheid' });
  await ahmed.getByLabel('Notitie', { exact: true }).fill('Fatima belt de huisarts voor een afspraak over haar slaap.');
  await ahmed.getByRole('button', { name: 'Notitie opslaan' }).click();
  await ahmed.waitForLoadState('domcontentloaded');
  check(await ahmed.getByText('Fatima belt de huisarts').isVisible(), 'the note is in her intake');
  // A referral to the woonstichting, which she shares her housing with.
  await ahmed.getByRole('radio', { name: /Woonstichting Lindenhoven/ }).check();
  await ahmed.getByLabel(/Waarom past dit/).fill('Een betalingsregeling voorkomt dat de achterstand groeit.');
  await ahmed.getByRole('button', { name: 'Verwijzen' }).click();
  await ahmed.waitForLoadState('domcontentloaded');
  check(await ahmed.getByText(/Naar Woonstichting Lindenhoven op .* wacht op antwoord/).isVisible(), 'the referral waits for the partner');
  await ahmed.context().close();

  const karin = await newPage();
  await signIn(karin, 'karin@demo.wijkwerk.nl');
  await karin.goto(`${base}/luisterloket`);
  const card = karin.locator('article', { hasText: 'Fatima El Amrani' });
  await card.getByRole('radio', { name: 'Niet aannemen' }).check();
  await card.getByRole('button', { name: /Antwoord sturen/ }).click();
  await karin.waitForLoadState('domcontentloaded');
  await axe(karin, 'referral answer with errors (partner, phone)');
  check(await karin.locator('#answer-error').isVisible(), 'declining needs a reason, shown at its field');
  const again = karin.locator('article', { hasText: 'Fatima El Amrani' });
  await again.getByRole('radio', { name: 'Aannemen', exact: true }).check();
  await again.getByLabel(/Toelichting/).fill('We bellen haar deze week.');
  await again.getByRole('button', { name: /Antwoord sturen/ }).click();
  await karin.waitForLoadState('domcontentloaded');
  check(await karin.getByText(/aangenomen: We bellen haar deze week\./).first().isVisible(), 'the partner accepted');
  await karin.context().close();

  const back = await newPage();
  await signIn(back, 'fatima@demo.wijkwerk.nl');
  await back.goto(`${base}/luisterloket`);
  const note = back.locator('article', { hasText: 'Fatima belt de huisarts' });
  await note.getByLabel('Hoe ziet u het?').fill('Ik heb al gebeld; de afspraak is dinsdag.');
  await note.getByRole('button', { name: /^Reactie opslaan/ }).click();
  await back.waitForLoadState('domcontentloaded');
  check(await back.getByText('Uw reactie: Ik heb al gebeld; de afspraak is dinsdag.').isVisible(), 'her own view stands beside the note');
  await axe(back, 'intake with an answered referral (resident, phone)');
  check(await back.getByRole('heading', { name: 'Waar u naartoe bent verwezen' }).isVisible(), 'the resident sees her referrals');
  check(await back.getByText(/We bellen haar deze week\./).isVisible(), "and the partner's answer");
  await back.getByRole('link', { name: 'Privacy bij het luisterloket' }).click();
  await back.waitForLoadState('domcontentloaded');
  await axe(back, 'privacy at the luisterloket (phone)');
  check(await back.getByRole('table', { name: 'Bewaartermijnen bij de organisaties zelf' }).isVisible(), 'the laws and their terms are a table');
  await back.emulateMedia({ media: 'print' });
  await back.screenshot({ path: `${shots}luisterloket-privacy-print.png`, fullPage: true });
  await back.emulateMedia({ media: 'screen' });
  await back.context().close();
}
