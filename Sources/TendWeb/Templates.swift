/// The page templates (Mustache: `{{x}}` is escaped, `{{{x}}}` only for HTML we built ourselves).
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "signup": signup, "today": today, "people": people, "person": person,
        "personForm": personForm, "network": network, "settings": settings, "error": error, "csrf": csrf,
        "import": importPage, "importPreview": importPreview,
    ]

    static let csrf = #"<input type="hidden" name="_csrf" value="{{csrf}}">"#

    static let layout = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{title}} · Tend</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="bar">
<a class="brand" href="/">t<span>e</span>nd</a>
{{#signedIn}}
<nav class="main" aria-label="Main">
<a href="/today"{{#onToday}} aria-current="page"{{/onToday}}>Today</a>
<a href="/people"{{#onPeople}} aria-current="page"{{/onPeople}}>People</a>
<a href="/network"{{#onNetwork}} aria-current="page"{{/onNetwork}}>Network</a>
<a href="/settings"{{#onSettings}} aria-current="page"{{/onSettings}}>Settings</a>
</nav>
<div class="who"><span>{{email}}</span>
<form method="post" action="/logout">{{> csrf}}<button type="submit">Log out</button></form></div>
{{/signedIn}}
</div></header>
<main id="main">
{{#flash}}<div class="flash" role="status">{{flash}}</div>{{/flash}}
{{{body}}}
</main>
</body>
</html>
"""#

    static let login = #"""
<div class="auth card">
<h1>Sign in</h1>
<p class="sub">Keep up with the people you care about.</p>
{{#problem}}<div class="error-box" role="alert">{{problem}}</div>{{/problem}}
<form method="post" action="/login">
{{> csrf}}<input type="hidden" name="next" value="{{next}}">
<div class="field"><label for="email">Email</label><input type="email" id="email" name="email" value="{{email}}" autocomplete="username" required autofocus></div>
<div class="field"><label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required></div>
<button class="primary" type="submit">Sign in</button>
</form>
{{#signUpOpen}}<p class="sub mt">New here? <a href="/signup">Create an account</a>.</p>{{/signUpOpen}}
</div>
"""#

    static let signup = #"""
<div class="auth card">
<h1>Create your account</h1>
<p class="sub">Tend gives you a short list each day of who to reach out to, and why.</p>
{{#problem}}<div class="error-box" role="alert">{{problem}}</div>{{/problem}}
<form method="post" action="/signup">
{{> csrf}}
<div class="field"><label for="email">Email</label><input type="email" id="email" name="email" value="{{email}}" autocomplete="username" required autofocus></div>
<div class="field"><label for="password">Password <span class="hint">(at least 8 characters)</span></label>
<input type="password" id="password" name="password" autocomplete="new-password" minlength="8" required></div>
<button class="primary" type="submit">Create account</button>
</form>
<p class="sub mt">Have an account? <a href="/login">Sign in</a>.</p>
</div>
"""#

    static let today = #"""
<h1>Today</h1>
<p class="sub">{{dateLabel}} · {{summary}}</p>
{{^suggestions}}
<div class="card empty"><p><strong>Nothing on the agenda.</strong></p><p>Everyone is within their cadence. <a href="/people/new">Add someone</a> or record a win or a struggle on a person's page.</p></div>
{{/suggestions}}
<div class="stack">
{{#suggestions}}
<article class="card suggestion" id="s{{rank}}">
<div class="rank" aria-hidden="true">{{rank}}</div>
<div>
<h2><span class="kind {{kind}}">{{kindTitle}}</span><a href="/people/{{personID}}">{{personName}}</a></h2>
<p class="reason">{{reason}}</p>
<p class="action">{{action}}</p>
<div class="draft"><label for="draft{{rank}}" class="hint">Draft message</label>
<textarea id="draft{{rank}}" rows="2">{{draft}}</textarea></div>
<div class="actions">
<button type="button" data-copy="draft{{rank}}">Copy draft</button>
<form method="post" action="/today/done">{{> csrf}}<input type="hidden" name="key" value="{{key}}"><input type="hidden" name="date" value="{{date}}">
<label class="skip" for="channel{{rank}}">Channel</label>
<select id="channel{{rank}}" name="channel" aria-label="How you reached out">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select>
<button class="primary" type="submit">Done</button></form>
<form method="post" action="/today/snooze">{{> csrf}}<input type="hidden" name="key" value="{{key}}"><input type="hidden" name="date" value="{{date}}">
<select name="days" aria-label="Snooze for"><option value="1">1 day</option><option value="3">3 days</option><option value="7" selected>1 week</option><option value="30">1 month</option></select>
<button type="submit">Snooze</button></form>
<form method="post" action="/today/dismiss">{{> csrf}}<input type="hidden" name="key" value="{{key}}"><input type="hidden" name="date" value="{{date}}">
<button type="submit" class="danger">Dismiss</button></form>
</div>
</div>
</article>
{{/suggestions}}
</div>
{{#rest}}<p class="sub mt">{{rest}} · <a href="/today?limit=100{{dateQuery}}">show all</a></p>{{/rest}}
"""#

    static let people = #"""
<div class="inline spread">
<div><h1>People</h1><p class="sub">{{total}} {{peopleWord}}{{#filtered}} match{{/filtered}}</p></div>
<div class="inline"><a class="button" href="/import">Import</a><a class="button primary" href="/people/new">Add a person</a></div>
</div>
<form class="card inline mb" method="get" action="/people" role="search">
<div class="field grow"><label for="q">Search</label><input type="search" id="q" name="q" value="{{q}}" placeholder="Name, company, notes, tag"></div>
<div class="field"><label for="tier">Tier</label><select id="tier" name="tier"><option value="">All tiers</option>{{#tiers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/tiers}}</select></div>
<div class="field"><label for="tag">Tag</label><select id="tag" name="tag"><option value="">All tags</option>{{#tags}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/tags}}</select></div>
<input type="hidden" name="sort" value="{{sort}}">
<button type="submit">Filter</button>
</form>
{{#hasPeople}}
<div class="card table-wrap">
<table>
<thead><tr>{{#columns}}<th scope="col"{{#optional}} class="optional"{{/optional}}><a href="{{href}}">{{label}}{{#arrow}} {{arrow}}{{/arrow}}</a></th>{{/columns}}<th scope="col" class="optional">Tags</th></tr></thead>
<tbody>
{{#rows}}<tr><td class="name"><a href="/people/{{id}}">{{name}}</a>{{#company}}<div class="hint">{{company}}</div>{{/company}}</td>
<td><span class="tier">{{tier}}</span>{{#target}} → {{target}}{{/target}}</td>
<td class="optional">{{lastTouch}}</td>
<td{{#isDue}} class="due"{{/isDue}}>{{nextDue}}</td>
<td class="optional">{{#tags}}<span class="tag">{{.}}</span>{{/tags}}</td></tr>
{{/rows}}
</tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">
<span>{{#prev}}<a href="{{prev}}">← Previous</a>{{/prev}}</span>
<span>Page {{page}} of {{pages}}</span>
<span>{{#next}}<a href="{{next}}">Next →</a>{{/next}}</span>
</nav>
<p class="hint"><a href="{{vcardHref}}" download>Download {{#filteredExport}}these people{{/filteredExport}}{{^filteredExport}}everyone{{/filteredExport}} as vCards</a>{{#filteredExport}} (the tier and tag filter; search is not applied){{/filteredExport}}</p>
{{/hasPeople}}
{{^hasPeople}}<div class="card empty"><p>Nobody here yet.</p><p><a href="/people/new">Add someone</a> you'd like to keep up with.</p></div>{{/hasPeople}}
"""#

    static let person = #"""
<div class="inline spread">
<div><h1>{{name}}</h1><p class="sub">{{subtitle}}{{#archived}} · <strong>archived</strong>{{/archived}}</p></div>
<div class="actions"><a class="button" href="/people/{{id}}/edit">Edit</a>
<form method="post" action="/people/{{id}}/archive">{{> csrf}}<input type="hidden" name="archived" value="{{archiveValue}}"><button type="submit">{{archiveLabel}}</button></form></div>
</div>
<div class="grid">
<section class="card" aria-labelledby="ladder-h">
<h2 id="ladder-h" class="flush">Tier</h2>
<div class="ladder">{{#ladder}}<div class="{{class}}">{{label}}</div>{{/ladder}}</div>
{{#nextStep}}<p><strong>Next step:</strong> {{nextStep}}</p>{{/nextStep}}
<p class="sub">Cadence: {{cadence}} · next due: <span{{#isDue}} class="due"{{/isDue}}>{{nextDue}}</span></p>
<form method="post" action="/people/{{id}}/tier" class="inline">{{> csrf}}
<div class="field"><label for="tier">Tier</label><select id="tier" name="tier">{{#tiers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/tiers}}</select></div>
<div class="field"><label for="target">Aiming for</label><select id="target" name="target"><option value="">No target</option>{{#targets}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/targets}}</select></div>
<div class="field"><label for="reason">Why <span class="hint">(optional)</span></label><input type="text" id="reason" name="reason"></div>
<button type="submit">Save tier</button>
</form>
{{#hasHistory}}<details class="mt-s"><summary>Tier history</summary><ol class="timeline">{{#history}}<li><time>{{date}}</time><span>{{text}}</span></li>{{/history}}</ol></details>{{/hasHistory}}
</section>
<section class="card" aria-labelledby="balance-h">
<h2 id="balance-h" class="flush">Last 12 months</h2>
<div class="balance"><div><strong>{{needFree}}</strong>need-free</div><div><strong>{{gives}}</strong>gives</div><div><strong>{{asks}}</strong>asks</div></div>
{{#takerWarning}}<p class="warn">{{takerWarning}}</p>{{/takerWarning}}
<dl class="facts mt">{{#facts}}<dt>{{label}}</dt><dd>{{#href}}<a href="{{href}}" rel="noopener noreferrer">{{value}}</a>{{/href}}{{^href}}{{value}}{{/href}}</dd>{{/facts}}</dl>
{{#notes}}<p class="pre">{{notes}}</p>{{/notes}}
</section>
</div>
<div class="grid mt">
<section class="card" aria-labelledby="log-h">
<h2 id="log-h" class="flush">Log a touch</h2>
{{#touchProblem}}<div class="error-box" role="alert">{{touchProblem}}</div>{{/touchProblem}}
<form method="post" action="/people/{{id}}/touches">{{> csrf}}
<div class="row">
<div class="field"><label for="intent">Why</label><select id="intent" name="intent">{{#intents}}<option value="{{value}}">{{label}}</option>{{/intents}}</select></div>
<div class="field"><label for="channel">How</label><select id="channel" name="channel">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select></div>
<div class="field"><label for="touch-date">When</label><input type="date" id="touch-date" name="date" value="{{today}}" required></div>
</div>
<div class="field"><label for="touch-note">Note</label><input type="text" id="touch-note" name="note" placeholder="Coffee by the river"></div>
<button class="primary" type="submit">Log touch</button>
</form>
</section>
<section class="card" aria-labelledby="moment-h">
<h2 id="moment-h" class="flush">Record a moment</h2>
<form method="post" action="/people/{{id}}/moments">{{> csrf}}
<div class="row">
<div class="field"><label for="kind">What happened</label><select id="kind" name="kind">
<optgroup label="Wins">{{#wins}}<option value="{{value}}">{{label}}</option>{{/wins}}</optgroup>
<optgroup label="Struggles">{{#struggles}}<option value="{{value}}">{{label}}</option>{{/struggles}}</optgroup></select></div>
<div class="field"><label for="about">Whose</label><select id="about" name="about"><option value="self">Theirs</option><option value="partner">Their partner's</option><option value="company">Their company's</option></select></div>
<div class="field"><label for="moment-date">When</label><input type="date" id="moment-date" name="date" value="{{today}}" required></div>
</div>
<div class="field"><label for="moment-note">Note</label><input type="text" id="moment-note" name="note"></div>
<button type="submit">Record moment</button>
</form>
</section>
</div>
<section class="card mt" aria-labelledby="timeline-h">
<h2 id="timeline-h" class="flush">Timeline</h2>
{{^timeline}}<p class="sub">Nothing yet. Log a touch above.</p>{{/timeline}}
<ol class="timeline">{{#timeline}}<li id="{{anchor}}"><time datetime="{{date}}">{{date}}</time><span class="entry">{{#badge}}<span class="kind {{badgeClass}}">{{badge}}</span>{{/badge}}{{text}}{{#dismissForm}} <form method="post" action="/moments/{{momentID}}/dismiss" class="inline-form">{{> csrf}}<button type="submit">Close</button></form>{{/dismissForm}}</span></li>{{/timeline}}</ol>
</section>
{{#hasRelations}}<section class="card mt"><h2 class="flush">Relations</h2><ul>{{#relations}}<li>{{label}} <a href="/people/{{id}}">{{name}}</a></li>{{/relations}}</ul></section>{{/hasRelations}}
<section class="card mt" aria-labelledby="merge-h">
<h2 id="merge-h" class="flush">Merge a duplicate</h2>
<p class="sub">Another record of {{name}}? Its touches, moments and details move here, and it is removed.</p>
{{#mergeProblem}}<div class="error-box" role="alert">{{mergeProblem}}</div>{{/mergeProblem}}
<form method="post" action="/people/{{id}}/merge" class="inline">{{> csrf}}
<div class="field"><label for="duplicate">Duplicate (name or id)</label><input type="text" id="duplicate" name="duplicate" required></div>
<button type="submit">Merge into {{name}}</button></form>
</section>
"""#

    static let personForm = #"""
<h1>{{heading}}</h1>
<p class="sub">{{#isNew}}Someone you'd like to keep up with.{{/isNew}}{{^isNew}}<a href="/people/{{id}}">Back to {{name}}</a>{{/isNew}}</p>
{{#hasProblems}}<div class="error-box" role="alert">Please check the fields marked below.</div>{{/hasProblems}}
<form method="post" action="{{action}}" class="card" novalidate>
{{> csrf}}
{{#fields}}
<div class="field">
<label for="f-{{name}}">{{label}}{{#hint}} <span class="hint">{{hint}}</span>{{/hint}}</label>
{{#isSelect}}<select id="f-{{name}}" name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}
{{#isArea}}<textarea id="f-{{name}}" name="{{name}}" rows="3"{{#problem}} aria-invalid="true" aria-describedby="p-{{name}}"{{/problem}}>{{value}}</textarea>{{/isArea}}
{{#isInput}}<input type="{{type}}" id="f-{{name}}" name="{{name}}" value="{{value}}"{{#problem}} aria-invalid="true" aria-describedby="p-{{name}}"{{/problem}}>{{/isInput}}
{{#problem}}<div class="problem" id="p-{{name}}">{{problem}}</div>{{/problem}}
</div>
{{/fields}}
<button class="primary" type="submit">{{submit}}</button>
</form>
"""#

    static let network = #"""
<h1>Network</h1>
<p class="sub">Your year of tending, up to {{dateLabel}}.</p>
<div class="grid">
<section class="card"><h2 class="flush">People per tier</h2>{{{tiersChart}}}</section>
<section class="card"><h2 class="flush">Asks and gives per month</h2>
<div class="legend"><span><span class="swatch gives"></span>gives</span><span><span class="swatch asks"></span>asks</span></div>
{{{ledgerChart}}}</section>
</div>
<section class="card mt"><h2 class="flush">Need-free touches per week</h2>{{{weeksChart}}}</section>
<section class="card mt"><h2 class="flush">Drifting</h2>
<p class="sub">Furthest past their cadence.</p>
{{#hasDrift}}{{{driftChart}}}{{/hasDrift}}{{^hasDrift}}<p>Nobody is drifting. Well tended!</p>{{/hasDrift}}
</section>
"""#

    static let settings = #"""
<h1>Settings</h1>
<p class="sub">How often to keep up, and when reminders come.</p>
{{#problem}}<div class="error-box" role="alert">{{problem}}</div>{{/problem}}
<form method="post" action="/settings" class="card">
{{> csrf}}
<h2 class="flush">Cadence</h2>
<p class="sub">Days between need-free touches. Leave empty for no cadence.</p>
<div class="row">{{#cadences}}<div class="field"><label for="c-{{tier}}">{{label}}</label><input type="number" min="1" max="3650" id="c-{{tier}}" name="cadence_{{tier}}" value="{{days}}"></div>{{/cadences}}</div>
<h2>Reminders</h2>
<div class="row">
{{#numbers}}<div class="field"><label for="n-{{name}}">{{label}}</label><input type="number" id="n-{{name}}" name="{{name}}" min="{{min}}" max="{{max}}" value="{{value}}"></div>{{/numbers}}
<div class="field"><label for="tz">Time zone</label><select id="tz" name="time_zone"><option value="">System ({{systemZone}})</option>{{#zones}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/zones}}</select></div>
</div>
<button class="primary" type="submit">Save settings</button>
</form>
<section class="card mt" id="data" aria-labelledby="data-h">
<h2 class="flush" id="data-h">Your data</h2>
<p class="sub">Take everything with you, or bring people in.</p>
<ul class="links">
<li><a href="/export/backup.json" download>Download a complete backup</a> <span class="hint">JSON: every person, relation, touch, moment, setting and snooze; <code>tend import</code> restores it</span></li>
<li><a href="/export/contacts.vcf" download>Download everyone as vCards 4.0</a> <span class="hint">or <a href="/export/contacts.vcf?version=3.0" download>vCard 3.0</a> for older address books</span></li>
<li><a href="/export/calendar.ics" download>Download a calendar</a> <span class="hint">birthdays and the keep-up and follow-up dates of the next 60 days</span></li>
<li><a href="/import">Import people</a> <span class="hint">from vCards, LinkedIn, Google Contacts or any CSV, with a preview first</span></li>
</ul>
{{#backups}}
<h3 id="backups">Automatic backups</h3>
{{#failure}}<div class="error-box" role="alert">The last automatic backup failed ({{at}}): {{failure}}</div>{{/failure}}
{{^failure}}<p class="flush">{{summary}}</p>{{/failure}}
<p class="hint">Every day this server copies its database into <code>{{folder}}</code>, checks the copy, and keeps the last 7 days and one a week for 4 weeks before. <code>tend restore FILE</code> puts one back.</p>
{{/backups}}
</section>
<section class="card mt" id="calendar" aria-labelledby="cal-h">
<h2 class="flush" id="cal-h">Calendar feed</h2>
{{#feedURL}}
<p class="sub">Subscribe to this address in any calendar app to see birthdays and upcoming keep-up and follow-up dates. Anyone with it can read them: keep it private.</p>
<div class="inline"><div class="field grow"><label for="feed-url">Feed address</label><input type="text" id="feed-url" value="{{feedURL}}" readonly></div>
<button type="button" data-copy="feed-url">Copy</button></div>
<div class="inline mt-s">
<form method="post" action="/settings/calendar-feed" class="inline-form">{{> csrf}}<input type="hidden" name="action" value="renew"><button type="submit">New address</button></form>
<form method="post" action="/settings/calendar-feed" class="inline-form">{{> csrf}}<input type="hidden" name="action" value="off"><button type="submit" class="danger">Turn off</button></form>
</div>
{{/feedURL}}
{{^feedURL}}
<p class="sub">Birthdays and upcoming dates in your own calendar app, at a secret address you can change or turn off at any time.</p>
<form method="post" action="/settings/calendar-feed">{{> csrf}}<input type="hidden" name="action" value="on"><button type="submit">Turn on the calendar feed</button></form>
{{/feedURL}}
</section>
<section class="card mt" id="api" aria-labelledby="api-h">
<h2 class="flush" id="api-h">API tokens</h2>
<p class="sub">Scripts and other tools (a shortcut on your phone, a mail filter that logs a touch) reach your network through the <a href="/api">JSON API</a>, each with its own token. Revoke a token and it stops working at once.</p>
{{#newToken}}
<div class="flash" role="status"><strong>Your new token “{{newTokenName}}”.</strong> Copy it now: Tend keeps only a hash of it and cannot show it again.</div>
<div class="inline"><div class="field grow"><label for="new-token">Token</label><input type="text" id="new-token" value="{{newToken}}" readonly></div>
<button type="button" data-copy="new-token">Copy</button></div>
{{/newToken}}
{{#tokenProblem}}<div class="error-box" role="alert">{{tokenProblem}}</div>{{/tokenProblem}}
{{#hasTokens}}
<div class="table-wrap"><table class="mt"><thead><tr><th scope="col">Name</th><th scope="col">Access</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="skip">Revoke</span></th></tr></thead>
<tbody>
{{#tokens}}<tr><td>{{name}}</td><td>{{access}}</td><td>{{created}}</td><td>{{lastUsed}}</td>
<td><form method="post" action="/settings/tokens/{{id}}/revoke" class="inline-form">{{> csrf}}<button type="submit" class="danger" aria-label="Revoke {{name}}">Revoke</button></form></td></tr>
{{/tokens}}
</tbody></table></div>
{{/hasTokens}}
<form method="post" action="/settings/tokens" class="inline mt">{{> csrf}}
<div class="field grow"><label for="token-name">New token's name</label><input type="text" id="token-name" name="name" maxlength="100" placeholder="phone shortcut" required></div>
<div class="field"><label class="check"><input type="checkbox" name="read_only"> Read-only</label></div>
<button type="submit">Create token</button>
</form>
</section>
<form method="post" action="/settings/password" class="card mt">
{{> csrf}}
<h2 class="flush">Change password</h2>
{{#passwordProblem}}<div class="error-box" role="alert">{{passwordProblem}}</div>{{/passwordProblem}}
<div class="row">
<div class="field"><label for="current">Current password</label><input type="password" id="current" name="current" autocomplete="current-password" required></div>
<div class="field"><label for="new">New password</label><input type="password" id="new" name="new" autocomplete="new-password" minlength="8" required></div>
</div>
<button type="submit">Change password</button>
</form>
"""#

    static let error = #"""
<div class="card empty"><h1>{{heading}}</h1><p>{{message}}</p><p><a href="/">Back to Today</a></p></div>
"""#

    static let importPage = #"""
<h1>Import people</h1>
<p class="sub">From a phone or address book (vCard), LinkedIn's <code>Connections.csv</code>, Google Contacts, any CSV with a name column, or a Tend backup. You see what will happen before anything is saved. Someone already in your network is updated, never added twice.</p>
{{#problem}}<div class="error-box" role="alert"><p class="flush">{{problem}}</p>{{#hasProblems}}<ul class="problems">{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/hasProblems}}</div>{{/problem}}
<form method="post" action="/import" enctype="multipart/form-data" class="card">
{{> csrf}}
<div class="row">
<div class="field grow"><label for="file">File</label><input type="file" id="file" name="file" accept=".vcf,.vcard,.csv,.json,text/vcard,text/csv,application/json" required><span class="hint">Up to 20 MB; larger files with <code>tend import</code></span></div>
<div class="field"><label for="format">Format</label><select id="format" name="format">{{#formats}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/formats}}</select></div>
</div>
<div class="row">
<div class="field"><label for="tier">Tier of new people</label><select id="tier" name="tier"><option value="">Automatic (unfamiliar from LinkedIn, else familiar)</option>{{#tiers}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/tiers}}</select></div>
<div class="field grow"><label for="tags">Tags for everyone in the file</label><input type="text" id="tags" name="tags" value="{{tags}}" placeholder="from-linkedin"></div>
</div>
<div class="field"><label for="map">CSV columns <span class="hint">only for “Other CSV”: COLUMN=FIELD, comma-separated, e.g. <code>Full Name=name,Mail=email</code>. Fields: name, given-name, family-name, nickname, email, phone, company, title, city, birthday, anniversary, met-on, how-we-met, notes, tags, url, linkedin</span></label><input type="text" id="map" name="map" value="{{map}}"></div>
<div class="field"><label class="check"><input type="checkbox" name="skip_invalid" value="1"{{#skipInvalid}} checked{{/skipInvalid}}> Skip records that cannot be read (they are listed)</label></div>
<button class="primary" type="submit">Preview</button>
</form>
"""#

    static let importPreview = #"""
<h1>Import preview</h1>
<p class="sub">{{filename}} ({{format}}). Nothing is saved until you confirm.</p>
{{#backup}}<div class="card"><p class="flush">{{backup}}</p></div>{{/backup}}
{{^backup}}
<div class="card"><p class="flush"><strong>{{summary}}</strong></p></div>
{{#hasAdded}}<section class="card mt"><h2 class="flush">Will add</h2><table><thead><tr><th scope="col">Name</th><th scope="col">Line</th></tr></thead><tbody>
{{#added}}<tr><td>{{name}}</td><td>{{line}}</td></tr>{{/added}}</tbody></table></section>{{/hasAdded}}
{{#hasUpdated}}<section class="card mt"><h2 class="flush">Will update</h2><table><thead><tr><th scope="col">Person</th><th scope="col">From</th><th scope="col">Fills in</th><th scope="col" class="optional">Matched by</th></tr></thead><tbody>
{{#updated}}<tr><td>{{into}}</td><td>{{name}} <span class="hint">line {{line}}</span></td><td>{{changed}}</td><td class="optional">{{matchedBy}}</td></tr>{{/updated}}</tbody></table></section>{{/hasUpdated}}
{{#hasUnchanged}}<p class="hint mt">{{unchanged}} already in your network with nothing new.</p>{{/hasUnchanged}}
{{#hasSkipped}}<section class="card mt"><h2 class="flush">Skipped</h2><table><thead><tr><th scope="col">Line</th><th scope="col">Record</th><th scope="col">Why</th></tr></thead><tbody>
{{#skipped}}<tr><td>{{line}}</td><td>{{name}}</td><td>{{reason}}</td></tr>{{/skipped}}</tbody></table></section>{{/hasSkipped}}
{{/backup}}
<div class="inline mt">
{{#canImport}}<form method="post" action="/import/confirm">{{> csrf}}<input type="hidden" name="token" value="{{token}}"><button class="primary" type="submit">{{#backup}}Restore the backup{{/backup}}{{^backup}}Import{{/backup}}</button></form>{{/canImport}}
{{^canImport}}<p class="flush">There is nothing new to import.</p>{{/canImport}}
<a class="button" href="/import">Choose another file</a>
</div>
"""#
}
