// Browser checks of the wijk cooperative and its marketplace: the public
// cooperative page, a resident searching and posting a request on a phone
// (a wrong form named at its fields), a neighbour proposing help, the
// request's owner accepting, both confirming the hours, the hours on the
// helper's own page, and the coach's team page. Every page with axe.
// run.mjs calls this with its helpers.

export async function cooperativeChecks({ base, check, newPage, axe, signIn }) {
  const visitor = await newPage();
  await visitor.goto(`${base}/plaatsen/WK960102/cooperatie`);
  await axe(visitor, 'cooperative (visitor, phone)');
  check(await visitor.getByRole('heading', { level: 1, name: 'Wijkcoöperatie Oosterpark' }).isVisible(), 'the cooperative has its page');
  check(await visitor.getByText('Karim El Amrani – voorzitter').isVisible(), 'the board is public');
  check(!(await visitor.getByText('@demo.wijkwerk.nl').isVisible()), 'no e-mail addresses in public');
  check(await visitor.getByRole('table', { name: /Partners in Oosterpark/ }).isVisible(), 'the wijkalliantie is a public table');
  await visitor.getByRole('link', { name: 'Leren en werken, samen' }).click();
  await visitor.waitForLoadState('domcontentloaded');
  await axe(visitor, 'alliance (visitor, phone)');
  check(await visitor.getByText('Mentoren uit het bedrijfsleven en stageplekken').isVisible(), 'each wijk says what it offers');
  check(await visitor.getByText(/minder dan/).isVisible(), 'hours between wijken hide under the minimum group');
  await visitor.goto(`${base}/plaatsen/WK960102/vraag-en-aanbod`);
  check(await visitor.getByRole('table', { name: /Open vragen en aanbod in Oosterpark/ }).isVisible(), 'vraag en aanbod shows the marketplace');
  await visitor.context().close();

  const fatima = await newPage();
  await signIn(fatima, 'fatima@demo.wijkwerk.nl');
  await fatima.goto(`${base}/plaatsen/WK960102/markt`);
  await axe(fatima, 'marketplace (resident, phone)');
  await fatima.getByLabel('Zoekwoorden').fill('fiets');
  await fatima.getByRole('button', { name: 'Zoeken' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  check(await fatima.getByRole('link', { name: 'Fietsen repareren' }).isVisible(), 'searching finds the bicycle repairs');
  check(!(await fatima.getByRole('link', { name: 'Taalmaatje Nederlands' }).isVisible()), 'and not what does not match');
  await fatima.getByRole('button', { name: 'Plaatsen' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  await axe(fatima, 'marketplace form with errors (phone)');
  check(await fatima.locator('#title-error').isVisible(), 'a post without a title is refused at its field');
  check(await fatima.locator('#buurt-error').isVisible(), 'and without a buurt too');
  await fatima.getByLabel('Wat in het kort').fill('Balkon opruimen');
  await fatima.getByLabel('Uitleg').fill('Veel spullen. Ik til niet zwaar.');
  await fatima.locator('#domain').selectOption('huishouden-en-zorg');
  await fatima.locator('#buurt').selectOption('BU96010201');
  await fatima.getByLabel('Wanneer').fill('zaterdag');
  await fatima.getByRole('radio', { name: /In uren/ }).check();
  await fatima.getByLabel('Vaardigheden').fill('sjouwen');
  await fatima.getByRole('button', { name: 'Plaatsen' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  check(await fatima.getByRole('heading', { level: 1, name: 'Balkon opruimen' }).isVisible(), 'the post opens after posting');
  await axe(fatima, 'own post with suggestions (phone)');
  check(await fatima.getByRole('heading', { name: 'Dit aanbod past misschien' }).isVisible(), 'offers that may fit are suggested');
  const postPath = new URL(fatima.url()).pathname;

  const karim = await newPage();
  await signIn(karim, 'karim@demo.wijkwerk.nl');
  await karim.goto(`${base}${postPath}`);
  await karim.getByLabel('Wat', { exact: true }).fill('Balkon leeg en naar de milieustraat');
  await karim.getByLabel('Wanneer', { exact: true }).fill('zaterdag 10 uur');
  await karim.getByLabel('Hoeveel uur').fill('1,5');
  await karim.getByRole('button', { name: 'Afspraak voorstellen' }).click();
  await karim.waitForLoadState('domcontentloaded');
  await axe(karim, 'agreement proposed (phone)');
  check(await karim.getByText('Deze afspraak is voorgesteld.').isVisible(), 'the proposal waits for an answer');
  const agreementPath = new URL(karim.url()).pathname;

  await fatima.goto(`${base}${agreementPath}`);
  await fatima.getByRole('button', { name: 'Ja, afgesproken' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  await fatima.getByLabel('Uren').fill('1,5');
  await fatima.getByLabel(/Een bedankje/).fill('Dank je wel, Karim!');
  await fatima.getByRole('button', { name: 'Opslaan' }).click();
  await fatima.waitForLoadState('domcontentloaded');
  await axe(fatima, 'agreement with one side confirmed (phone)');
  await karim.goto(`${base}${agreementPath}`);
  await karim.getByLabel('Uren').fill('1,5');
  await karim.getByRole('button', { name: 'Opslaan' }).click();
  await karim.waitForLoadState('domcontentloaded');
  check(await karim.getByText('Klaar. Beide kanten zeiden hoe lang het duurde.').isVisible(), 'both sides confirmed: done');
  check(await karim.getByText(/Dank je wel, Karim!/).isVisible(), 'the helper reads the thanks');
  await karim.goto(`${base}/plaatsen/WK960102/cooperatie/loket`);
  await axe(karim, 'service desk (board, phone)');
  check(await karim.getByRole('heading', { name: /Moestuinbakken bij De Linde/ }).isVisible(), 'the board sees the initiative\'s request');
  await karim.goto(`${base}/mijn/markt`);
  await axe(karim, 'my marketplace (phone)');
  check(await karim.getByRole('link', { name: 'Balkon leeg en naar de milieustraat' }).first().isVisible(), 'the hours are on the helper\'s own page');
  await karim.context().close();
  await fatima.context().close();

  const sanne = await newPage();
  await signIn(sanne, 'sanne@demo.wijkwerk.nl');
  await sanne.goto(`${base}/plaatsen/WK960102/cooperatie`);
  await sanne.getByRole('link', { name: 'Team Aan de slag' }).click();
  await sanne.waitForLoadState('domcontentloaded');
  await axe(sanne, 'team page (coach, phone)');
  check(await sanne.getByRole('table', { name: /Leden van Team Aan de slag/ }).isVisible(), 'the coach sees the team as a table');
  check(await sanne.getByText('Groenonderhoud Oosterpark, 24 uur per week').isVisible(), 'one member moved on to a buurtbaan');
  await sanne.context().close();
}
