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
