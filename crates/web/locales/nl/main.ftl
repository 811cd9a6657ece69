# wijkwerk — Nederlands (B1, eenvoudige taal). Eerste taal van het platform.

## Algemeen
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
nav-home = Start
nav-places = Wijken en buurten
nav-my-data = Mijn gegevens
sign-in = Inloggen
sign-out = Uitloggen
footer-about = wijkwerk helpt bewoners, wijkteams, ondernemers en de gemeente om samen aan de wijk te werken.
footer-api = Voor ontwikkelaars: de API
breadcrumb-label = U bent hier
count-hidden-short = niet getoond
count-hidden = niet getoond
form-has-errors = Niet alles is goed ingevuld. Kijk bij de velden hieronder.

## Niveaus van plaatsen
level-land = Land
level-gemeente = Gemeente
level-wijk = Wijk
level-buurt = Buurt

## Rollen
role-bewoner = Bewoner
role-coach = Coach
role-wijkwerker = Wijkwerker
role-coordinator = Coördinator
role-partner = Partner
role-ondernemer = Ondernemer
role-gemeente = Gemeente
role-landelijk = Landelijk

## Startpagina
home-title = Start
home-welcome-title = Samen werken aan uw wijk
home-welcome-lead = Op wijkwerk ziet u wat er in uw wijk gebeurt. En u kunt meedoen.
home-welcome-text = Bewoners, wijkwerkers, ondernemers en de gemeente werken hier samen. Uw gegevens zijn van u. U bepaalt zelf wie ze mag zien.
home-find-your-wijk = Zoek uw wijk
home-hello = Welkom, { $name }
home-signed-in-lead = Hier ziet u wat u kunt doen, per rol en per plek.
home-where-you-live = Waar u woont
home-go-to-place = Naar { $name }
home-sharing-with-you = Mensen die iets met u delen
home-sharing-none = Niemand deelt op dit moment gegevens met u.
home-who-read = Wie keek naar uw gegevens
home-who-read-none = Nog niemand heeft uw gegevens bekeken.
home-see-my-data = Bekijk al uw gegevens
home-role-bewoner = U woont hier. U ziet wat er in uw buurt gebeurt en u kunt meedoen.
home-role-coach = U helpt mensen die u daarvoor toestemming geven. U ziet alleen wat zij met u delen.
home-role-wijkwerker = U werkt in deze wijk. U helpt bewoners met vragen over zorg, geld, werk en opvoeden.
home-role-coordinator = U coördineert deze wijk: de plannen, de bijeenkomsten en de samenwerking.
home-role-partner = Uw organisatie werkt mee in deze wijk.
home-role-ondernemer = Uw bedrijf doet mee in deze wijk.
home-role-gemeente = U werkt voor de gemeente. U ziet de wijken en buurten van uw gemeente.
home-role-landelijk = U werkt landelijk. U ziet alle gemeenten die meedoen.

## Inloggen
login-title = Inloggen
login-intro = Log in met uw e-mailadres en wachtwoord.
login-email = E-mailadres
login-password = Wachtwoord
login-help = Wachtwoord vergeten of nog geen account? Vraag het aan uw wijkwerker of coördinator.
login-failed = Het e-mailadres of het wachtwoord klopt niet. Probeer het nog een keer.
login-too-many = U hebt te vaak een verkeerd wachtwoord gebruikt. Wacht 15 minuten en probeer het dan opnieuw.

## Plaatsen
places-title = Wijken en buurten
places-intro = Kies een land. Daarna kiest u de gemeente, de wijk en de buurt.
places-none = Er zijn nog geen plaatsen.
place-code = Code: { $code }
place-children-land = Gemeenten
place-children-gemeente = Wijken
place-children-wijk = Buurten
place-children-buurt = Delen van de buurt
place-residents-explained = Het aantal bewoners dat meedoet met wijkwerk. Zijn het er minder dan { $min }? Dan laten we het getal niet zien. Soms verbergen we nog een getal, zodat niemand het kleine getal kan uitrekenen. Zo blijft niemand herkenbaar.
place-chart-title = Bewoners die meedoen in { $name }
place-chart-desc = Staafdiagram. De getallen staan ook in de tabel ernaast.
place-table-caption = Bewoners die meedoen, per deel van { $name }
place-col-name = Naam
place-col-code = Code
place-col-residents = Bewoners
place-total = Totaal
place-organisations = Organisaties en initiatieven
place-organisations-none = Hier zijn nog geen organisaties bekend.
place-team = Wie werkt hier
place-team-none = Er is hier nog niemand met een rol.
org-kind-partner = Partner
org-kind-business = Ondernemer
org-kind-initiative = Initiatief van bewoners
org-kind-gemeente = Gemeente
org-kind-federation = Landelijke vereniging

## Mijn gegevens
my-data-title = Mijn gegevens
my-data-lead = Uw gegevens zijn van u. Hier ziet u alles wat wij van u bewaren, wie het mag zien en wie het heeft bekeken.
my-data-done-toestemming = Klaar. De toestemming is opgeslagen.
my-data-done-ingetrokken = Klaar. De toestemming is ingetrokken. Vanaf nu kan die persoon uw gegevens niet meer zien.
my-data-about-me = Over mij
my-data-download = Download al mijn gegevens
my-data-download-explained = U krijgt een bestand (JSON) met alles wat wij van u bewaren.
field-name = Naam
field-email = E-mailadres
field-home = Woont in
field-since = Doet mee sinds
field-roles = Rollen
field-unknown = Niet bekend
field-none = Geen
scope-profile = Naam, e-mailadres en buurt
scope-weektests = Weektests, doelen en gewerkte uren
consents-grant-what = Wat mag die persoon zien?

## Toestemmingen
consents-title = Wie mag mijn gegevens zien
consents-explained = U bepaalt zelf wie uw gegevens mag zien, waarom en tot wanneer. U kunt een toestemming altijd weer intrekken.
consents-given-caption = Toestemmingen die u hebt gegeven
consents-col-who = Wie
consents-col-what = Wat
consents-col-why = Waarom
consents-col-until = Tot wanneer
consents-col-status = Status
consents-no-end = Tot u het intrekt
consents-revoke = Intrekken voor { $name }
consents-revoked-on = Ingetrokken op { $date }
consents-ended = Afgelopen
consents-none-given = U hebt nog niemand toestemming gegeven.
consents-grant-title = Iemand toestemming geven
consents-grant-who = Wie mag uw gegevens zien?
consents-grant-why = Waarom?
consents-grant-why-hint = Bijvoorbeeld: hulp bij mijn weekplan.
consents-grant-until = Tot wanneer? (mag leeg blijven)
consents-grant-until-hint = Laat u dit leeg? Dan geldt het tot u het intrekt.
consents-grant-submit = Toestemming geven
consents-no-grantees = In uw buurt en wijk is nog geen coach of wijkwerker bekend.
consents-received-title = Mensen die iets met u delen

## Inzage
log-title = Wie keek naar mijn gegevens
log-explained = Elke keer dat iemand anders uw gegevens bekijkt, schrijven wij dat op. Hier ziet u wie, wanneer en waarom.
log-caption = Wie heeft uw gegevens bekeken
log-col-when = Wanneer
log-col-who = Wie
log-col-what = Wat
log-col-why = Waarom
log-erased-reader = Iemand die niet meer meedoet

## Verwijderen
erase-title = Mijn gegevens verwijderen
erase-short = Wilt u niet meer meedoen? Dan kunt u al uw gegevens laten verwijderen.
erase-go = Mijn gegevens verwijderen
erase-lead = Als u uw gegevens verwijdert, dan gebeurt dit:
erase-what-1 = Uw account, uw rollen en uw toestemmingen zijn weg.
erase-what-2 = De lijst van wie uw gegevens bekeek, is ook weg.
erase-what-3 = U kunt dit niet ongedaan maken.
erase-download-first = Wilt u eerst een kopie?
erase-confirm = Ja, verwijder al mijn gegevens
erase-password = Uw wachtwoord, om te laten zien dat u het echt bent
erase-submit = Nu verwijderen
erase-cancel = Nee, terug naar mijn gegevens
erase-not-confirmed = Zet een vinkje als u echt alles wilt verwijderen.
erase-wrong-password = Het wachtwoord klopt niet.
erased-title = Uw gegevens zijn verwijderd
erased-text = Al uw gegevens zijn verwijderd. Bedankt dat u meedeed.

## Een ander persoon
person-shared-because = { $name } deelt deze gegevens met u. Reden: { $purpose }.
person-logged = { $name } kan zien dat u dit bekijkt.

## Foutpagina's
error-title-403 = Dit mag u niet zien
error-title-404 = Deze pagina bestaat niet
error-title-405 = Dit kan niet
error-title-413 = Te veel gegevens
error-title-429 = Even wachten
error-title-500 = Er ging iets mis
error-page-not-found = Misschien is de link oud of is er een typfout.
error-page-forbidden = U hebt geen rol die deze pagina mag zien.
error-page-no-consent = Deze persoon heeft u geen toestemming gegeven om dit te zien.
error-page-csrf = Het formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog een keer.
error-page-method = Deze pagina werkt niet op deze manier.
error-page-too-large = U stuurde te veel gegevens tegelijk.
error-page-internal = Dat is onze fout. Probeer het later nog een keer.
error-go-home = Naar de startpagina

## Fouten in invoer
error-required = Vul dit in.
error-too-long = Dit is te lang.
error-email-invalid = Dit is geen goed e-mailadres.
error-email-taken = Er is al een account met dit e-mailadres.
error-password-too-short = Het wachtwoord moet minstens 10 tekens hebben.
error-language-unknown = Deze taal kennen we niet.
error-place-code-format = Deze code heeft niet de goede vorm.
error-place-code-not-in-parent = Deze code hoort niet bij de plaats erboven.
error-place-parent-level = De plaats erboven heeft niet het goede niveau.
error-place-unknown = Deze plaats kennen we niet.
error-kind-unknown = Dit soort organisatie kennen we niet.
error-grantee-unknown = Kies iemand uit de lijst.
error-grantee-self = U hoeft uzelf geen toestemming te geven.
error-scope-unknown = Kies welke gegevens.
error-date-in-past = Kies een datum in de toekomst.
error-date-invalid = Dit is geen goede datum.
error-person-unknown = Deze persoon kennen we niet.
error-role-unknown = Deze rol kennen we niet.

## Maanden
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Weektest
nav-weektest = Weektest
weektest-title = Weektest
weektest-lead = Hoe ziet jouw week eruit? En wat wil je veranderen? De weektest laat zien waar je nu het beste aan kunt werken.
weektest-history = Jouw eerdere weektests
weektest-priority-short = prioriteit: { $domain }
weektest-in-balance-short = in balans
weektest-timeline-link = Bekijk hoe het verandert
weektest-choose = Kies een test
weektest-choose-text = Er is een test voor iedereen, en tests voor een bepaalde situatie. Kies de test die het beste bij je past.
weektest-start = Start: { $name }
weektest-from-grid = We hebben je uren uit het weekrooster ingevuld. Vul nu in hoeveel uur je zou willen en hoe tevreden je bent.
weektest-grid-offer = Liever per dag invullen?
weektest-grid-link = Gebruik het weekrooster
weektest-sum-now-wrong = Je uren nu tellen op tot { $sum }. Samen moet het 168 zijn.
weektest-sum-wished-wrong = Je gewenste uren tellen op tot { $sum }. Samen moet het 168 zijn.
weektest-hours-now = Uren nu
weektest-hours-wished = Uren die je wilt
weektest-satisfaction = Hoe tevreden ben je?
weektest-choose-option = Kies…
satisfaction-1 = heel ontevreden
satisfaction-2 = ontevreden
satisfaction-3 = neutraal
satisfaction-4 = tevreden
satisfaction-5 = heel tevreden
weektest-extra-questions = Nog een paar vragen
weektest-extra-optional = Deze vragen mag je overslaan.
weektest-submit = Bekijk mijn uitslag
weektest-how-we-choose = Hoe kiezen we je prioriteit?
weektest-grid-title = Weekrooster
weektest-grid-lead = Kies per uur wat je meestal doet. Wij tellen de uren voor je op.
weektest-grid-rest = Uren die je leeg laat, tellen als "{ $domain }".
weektest-grid-brush = Kies wat je wilt inkleuren, en tik dan op de uren
weektest-grid-caption = Jouw week, per uur
weektest-grid-hour = Uur
weektest-grid-submit = Tel mijn uren op
weektest-grid-back = Terug naar het invullen van totalen
day-1 = maandag
day-2 = dinsdag
day-3 = woensdag
day-4 = donderdag
day-5 = vrijdag
day-6 = zaterdag
day-7 = zondag
day-short-1 = ma
day-short-2 = di
day-short-3 = wo
day-short-4 = do
day-short-5 = vr
day-short-6 = za
day-short-7 = zo
weektest-result-title = Jouw uitslag
weektest-result-of = Uitslag van { $name }
weektest-priority-is = Jouw prioriteit nu: { $domain }
weektest-reason-basis-first = Je slaapt en verzorgt jezelf minder dan 56 uur per week. Dat is te weinig. Eerst de basis: daarna gaat de rest ook beter.
weektest-reason-highest-score = Hier ben je het minst tevreden over en hier wil je het meest veranderen.
weektest-next-step = Eén stap voor deze week
weektest-in-balance = Je bent in balans
weektest-in-balance-text = Je bent tevreden over hoe je je tijd verdeelt, of je wilt niets veranderen. Goed zo! Doe de test later nog eens om te zien of dat zo blijft.
weektest-your-week = Jouw week
weektest-legend-now = Uren nu
weektest-legend-wished = Uren die je wilt
weektest-legend-average = Gemiddelde in Nederland
weektest-chart-title = Uren per week: nu en gewenst
weektest-chart-desc = Staafdiagram met per onderdeel twee staven: de uren nu en de uren die je wilt. Een rode streep is het gemiddelde in Nederland. De getallen staan ook in de tabel.
weektest-table-caption = Jouw week in getallen
weektest-col-domain = Onderdeel
weektest-col-now = Nu
weektest-col-wished = Gewenst
weektest-col-average = Gemiddeld
weektest-col-satisfaction = Tevreden
weektest-col-score = Score
weektest-what-now = En nu?
weektest-make-goal = Maak een doel voor je prioriteit
weektest-share-coach = Deel je weektests met je coach
error-hours-half-steps = Vul uren in met stappen van een half uur, bijvoorbeeld 2 of 2,5.
error-hours-negative = Uren kunnen niet minder dan 0 zijn.
error-hours-over-week = Een week heeft maar 168 uur.
error-number-invalid = Vul een getal in.
error-satisfaction-range = Kies een getal van 1 tot en met 5.
error-domain-unknown = Dit onderdeel hoort niet bij deze test.
error-domain-duplicate = Dit onderdeel staat er twee keer in.
error-domain-missing = Dit onderdeel ontbreekt.
error-hours-sum-not-168 = Je uren nu moeten samen 168 zijn.
error-wished-sum-not-168 = Je gewenste uren moeten samen 168 zijn.
error-question-unknown = Deze vraag hoort niet bij deze test.
error-option-unknown = Kies een van de antwoorden.
error-number-out-of-range = Dit getal is te groot of te klein.
error-template-unknown = Deze test bestaat niet.
error-template-invalid = Deze test klopt niet.
error-object-expected = Dit moet een lijst met antwoorden zijn.
