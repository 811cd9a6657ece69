# wijkwerk — English, the second language of the platform.

## General
skip-to-content = Skip to content
nav-label = Main menu
nav-home = Home
nav-places = Neighbourhoods
nav-my-data = My data
sign-in = Sign in
sign-out = Sign out
footer-about = wijkwerk helps residents, neighbourhood teams, businesses and the municipality work on the neighbourhood together.
footer-api = For developers: the API
breadcrumb-label = You are here
count-hidden-short = not shown
count-hidden = not shown
form-has-errors = Not everything is filled in correctly. See the fields below.

## Place levels
level-land = Country
level-gemeente = Municipality
level-wijk = District
level-buurt = Neighbourhood

## Roles
role-bewoner = Resident
role-coach = Coach
role-wijkwerker = Neighbourhood worker
role-coordinator = Coordinator
role-partner = Partner
role-ondernemer = Business
role-gemeente = Municipality
role-landelijk = National

## Home page
home-title = Home
home-welcome-title = Working on your neighbourhood together
home-welcome-lead = On wijkwerk you see what happens in your neighbourhood. And you can join in.
home-welcome-text = Residents, neighbourhood workers, businesses and the municipality work together here. Your data is yours. You decide who may see it.
home-find-your-wijk = Find your neighbourhood
home-hello = Welcome, { $name }
home-signed-in-lead = Here you see what you can do, per role and per place.
home-where-you-live = Where you live
home-go-to-place = Go to { $name }
home-sharing-with-you = People who share something with you
home-sharing-none = Nobody shares data with you at the moment.
home-who-read = Who looked at your data
home-who-read-none = Nobody has looked at your data yet.
home-see-my-data = See all your data
home-role-bewoner = You live here. You see what happens in your neighbourhood and you can join in.
home-role-coach = You help people who give you consent. You only see what they share with you.
home-role-wijkwerker = You work in this district. You help residents with questions about care, money, work and parenting.
home-role-coordinator = You coordinate this district: the plans, the meetings and the cooperation.
home-role-partner = Your organisation takes part in this district.
home-role-ondernemer = Your business takes part in this district.
home-role-gemeente = You work for the municipality. You see the districts and neighbourhoods of your municipality.
home-role-landelijk = You work nationally. You see every municipality that takes part.

## Sign in
login-title = Sign in
login-intro = Sign in with your e-mail address and password.
login-email = E-mail address
login-password = Password
login-help = Forgot your password, or no account yet? Ask your neighbourhood worker or coordinator.
login-failed = The e-mail address or the password is not right. Please try again.
login-too-many = You used a wrong password too often. Wait 15 minutes, then try again.

## Places
places-title = Neighbourhoods
places-intro = Choose a country. Then choose the municipality, the district and the neighbourhood.
places-none = There are no places yet.
place-code = Code: { $code }
place-children-land = Municipalities
place-children-gemeente = Districts
place-children-wijk = Neighbourhoods
place-children-buurt = Parts of the neighbourhood
place-residents-explained = The number of residents who take part in wijkwerk. Fewer than { $min }? Then we do not show the number. Sometimes we hide a second number too, so nobody can work out the small one. This way nobody can be recognised.
place-chart-title = Residents taking part in { $name }
place-chart-desc = Bar chart. The numbers are also in the table next to it.
place-table-caption = Residents taking part, per part of { $name }
place-col-name = Name
place-col-code = Code
place-col-residents = Residents
place-total = Total
place-organisations = Organisations and initiatives
place-organisations-none = No organisations are known here yet.
place-team = Who works here
place-team-none = Nobody has a role here yet.
org-kind-partner = Partner
org-kind-business = Business
org-kind-initiative = Residents' initiative
org-kind-gemeente = Municipality
org-kind-federation = National association

## My data
my-data-title = My data
my-data-lead = Your data is yours. Here you see everything we keep about you, who may see it and who looked at it.
my-data-done-toestemming = Done. The consent is saved.
my-data-done-ingetrokken = Done. The consent is withdrawn. From now on that person cannot see your data.
my-data-about-me = About me
my-data-download = Download all my data
my-data-download-explained = You get a file (JSON) with everything we keep about you.
field-name = Name
field-email = E-mail address
field-home = Lives in
field-since = Taking part since
field-roles = Roles
field-unknown = Not known
field-none = None
scope-profile = Name, e-mail address and neighbourhood
scope-weektests = Week tests, goals and logged hours
consents-grant-what = What may that person see?

## Consent
consents-title = Who may see my data
consents-explained = You decide who may see your data, why and until when. You can always withdraw a consent.
consents-given-caption = Consents you gave
consents-col-who = Who
consents-col-what = What
consents-col-why = Why
consents-col-until = Until when
consents-col-status = Status
consents-no-end = Until you withdraw it
consents-revoke = Withdraw for { $name }
consents-revoked-on = Withdrawn on { $date }
consents-ended = Ended
consents-none-given = You have not given anyone consent yet.
consents-grant-title = Give someone consent
consents-grant-who = Who may see your data?
consents-grant-why = Why?
consents-grant-why-hint = For example: help with my week plan.
consents-grant-until = Until when? (may stay empty)
consents-grant-until-hint = If you leave this empty, it holds until you withdraw it.
consents-grant-submit = Give consent
consents-no-grantees = No coach or neighbourhood worker is known in your neighbourhood or district yet.
consents-received-title = People who share something with you

## Access log
log-title = Who looked at my data
log-explained = Every time someone else looks at your data, we write it down. Here you see who, when and why.
log-caption = Who looked at your data
log-col-when = When
log-col-who = Who
log-col-what = What
log-col-why = Why
log-erased-reader = Someone who no longer takes part

## Erasure
erase-title = Erase my data
erase-short = Do you no longer want to take part? Then you can have all your data erased.
erase-go = Erase my data
erase-lead = If you erase your data, this happens:
erase-what-1 = Your account, your roles and your consents are gone.
erase-what-2 = The list of who looked at your data is gone too.
erase-what-3 = You cannot undo this.
erase-download-first = Do you want a copy first?
erase-confirm = Yes, erase all my data
erase-password = Your password, to show it is really you
erase-submit = Erase now
erase-cancel = No, back to my data
erase-not-confirmed = Tick the box if you really want to erase everything.
erase-wrong-password = The password is not right.
erased-title = Your data is erased
erased-text = All your data is erased. Thank you for taking part.

## Another person
person-shared-because = { $name } shares this data with you. Reason: { $purpose }.
person-logged = { $name } can see that you look at this.

## Error pages
error-title-403 = You may not see this
error-title-404 = This page does not exist
error-title-405 = This is not possible
error-title-413 = Too much data
error-title-429 = Please wait
error-title-500 = Something went wrong
error-page-not-found = Maybe the link is old, or there is a typo.
error-page-forbidden = You have no role that may see this page.
error-page-no-consent = This person has not given you consent to see this.
error-page-csrf = The form has expired. Go back, reload the page and try again.
error-page-method = This page does not work this way.
error-page-too-large = You sent too much data at once.
error-page-internal = That is our fault. Please try again later.
error-go-home = Go to the home page

## Input errors
error-required = Please fill this in.
error-too-long = This is too long.
error-email-invalid = This is not a valid e-mail address.
error-email-taken = There is already an account with this e-mail address.
error-password-too-short = The password needs at least 10 characters.
error-language-unknown = We do not know this language.
error-place-code-format = This code does not have the right form.
error-place-code-not-in-parent = This code does not belong to the place above it.
error-place-parent-level = The place above does not have the right level.
error-place-unknown = We do not know this place.
error-kind-unknown = We do not know this kind of organisation.
error-grantee-unknown = Choose someone from the list.
error-grantee-self = You do not need to give yourself consent.
error-scope-unknown = Choose which data.
error-date-in-past = Choose a date in the future.
error-date-invalid = This is not a valid date.
error-person-unknown = We do not know this person.
error-role-unknown = We do not know this role.

## Months
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Week test
nav-weektest = Week test
weektest-title = Week test
weektest-lead = What does your week look like? And what would you like to change? The week test shows what you can best work on now.
weektest-history = Your earlier week tests
weektest-priority-short = priority: { $domain }
weektest-in-balance-short = in balance
weektest-timeline-link = See how it changes
weektest-choose = Choose a test
weektest-choose-text = There is a test for everyone, and tests for a particular situation. Choose the one that fits you best.
weektest-start = Start: { $name }
weektest-from-grid = We filled in your hours from the week grid. Now fill in how many hours you would like and how satisfied you are.
weektest-grid-offer = Rather fill it in day by day?
weektest-grid-link = Use the week grid
weektest-sum-now-wrong = Your hours now add up to { $sum }. Together they must be 168.
weektest-sum-wished-wrong = Your wished hours add up to { $sum }. Together they must be 168.
weektest-hours-now = Hours now
weektest-hours-wished = Hours you want
weektest-satisfaction = How satisfied are you?
weektest-choose-option = Choose…
satisfaction-1 = very dissatisfied
satisfaction-2 = dissatisfied
satisfaction-3 = neutral
satisfaction-4 = satisfied
satisfaction-5 = very satisfied
weektest-extra-questions = A few more questions
weektest-extra-optional = You may skip these questions.
weektest-submit = See my result
weektest-how-we-choose = How do we choose your priority?
weektest-grid-title = Week grid
weektest-grid-lead = For each hour, choose what you usually do. We add up the hours for you.
weektest-grid-rest = Hours you leave empty count as "{ $domain }".
weektest-grid-brush = Choose what to colour in, then tap the hours
weektest-grid-caption = Your week, hour by hour
weektest-grid-hour = Hour
weektest-grid-submit = Add up my hours
weektest-grid-back = Back to filling in totals
day-1 = Monday
day-2 = Tuesday
day-3 = Wednesday
day-4 = Thursday
day-5 = Friday
day-6 = Saturday
day-7 = Sunday
day-short-1 = Mon
day-short-2 = Tue
day-short-3 = Wed
day-short-4 = Thu
day-short-5 = Fri
day-short-6 = Sat
day-short-7 = Sun
weektest-result-title = Your result
weektest-result-of = Result of { $name }
weektest-priority-is = Your priority now: { $domain }
weektest-reason-basis-first = You sleep and take care of yourself less than 56 hours a week. That is too little. The basis first: then the rest goes better too.
weektest-reason-highest-score = This is what you are least satisfied with and most want to change.
weektest-next-step = One step for this week
weektest-in-balance = You are in balance
weektest-in-balance-text = You are satisfied with how you spend your time, or you do not want to change anything. Well done! Take the test again later to see if it stays that way.
weektest-your-week = Your week
weektest-legend-now = Hours now
weektest-legend-wished = Hours you want
weektest-legend-average = Average in the Netherlands
weektest-chart-title = Hours a week: now and wished
weektest-chart-desc = Bar chart with two bars per part: the hours now and the hours you want. A red line is the Dutch average. The numbers are also in the table.
weektest-table-caption = Your week in numbers
weektest-col-domain = Part
weektest-col-now = Now
weektest-col-wished = Wished
weektest-col-average = Average
weektest-col-satisfaction = Satisfied
weektest-col-score = Score
weektest-what-now = What now?
weektest-make-goal = Make a goal for your priority
weektest-share-coach = Share your week tests with your coach
error-hours-half-steps = Fill in hours in steps of half an hour, for example 2 or 2.5.
error-hours-negative = Hours cannot be less than 0.
error-hours-over-week = A week has only 168 hours.
error-number-invalid = Fill in a number.
error-satisfaction-range = Choose a number from 1 to 5.
error-domain-unknown = This part does not belong to this test.
error-domain-duplicate = This part is in twice.
error-domain-missing = This part is missing.
error-hours-sum-not-168 = Your hours now must add up to 168.
error-wished-sum-not-168 = Your wished hours must add up to 168.
error-question-unknown = This question does not belong to this test.
error-option-unknown = Choose one of the answers.
error-number-out-of-range = This number is too large or too small.
error-template-unknown = This test does not exist.
error-template-invalid = This test is not valid.
error-object-expected = This must be a list of answers.
