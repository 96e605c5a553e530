import type { z } from 'zod';
import type * as S from '../check/schemas.js';

/**
 * Every fixed word of a dossier, in English and Italian. Templates reach these through the
 * `t` and `enum` helpers; `{name}` is filled from the helper's arguments.
 */
const en = {
  'marking.confidential': 'CONFIDENTIAL - PREPARED FOR LITIGATION',
  'marking.public': 'PUBLIC',
  'cover.court': 'Court',
  'cover.caseNumber': 'Case number',
  'cover.matter': 'Matter',
  'cover.client': 'Client',
  'cover.vessel': 'Vessel',
  'cover.counsel': 'Counsel',
  'cover.counsel.one': 'Counsel',
  'cover.prepared': 'Prepared on',
  'cover.dossier': 'Dossier',
  'cover.seal': 'Electronically sealed by',
  'cover.volume': 'Volume {volume} of {count}, pages {first} to {last}',
  'exhibits.where': 'vol. {volume}, {stamp}',
  'exhibit.beside': 'The file is not inside this PDF: it is filed beside it as {name}.',
  'exhibit.reference': '{word} {number} (vol. {volume}, {stamp})',
  'exhibit.part':
    'The document is too large for one volume and is split at its page boundaries: ' +
    'this volume holds part {index} of {count}, its pages {from} to {to}.',
  'filing.title': 'Filing index',
  'filing.intro': 'Every file of the filing {profile} of {case}, with its size and SHA-256, by envelope.',
  'filing.envelope': 'Envelope {number}',
  'filing.file': 'File',
  'toc.title': 'Contents',
  'section.facts': '1. Statement of facts',
  'section.relief': 'Relief sought',
  'section.chronology': '2. Chronology',
  'section.incidents': '3. Incidents',
  'section.vesselRecord': '4. Vessel record',
  'section.references': '5. Legal references',
  'section.exhibitIndex': '6. Exhibit index',
  'section.exhibits': '7. Exhibits',
  'facts.none': 'No statement of facts has been written for this case.',
  'relief.none': 'No relief has been stated.',
  'chronology.intro':
    'Every timed event of the incidents in this dossier, in order. ' +
    'Times are shown in {zone} and in UTC; an event known only by its date shows the date alone.',
  'chronology.local': 'Local time ({zone})',
  'chronology.localTime': 'Local time',
  'chronology.utc': 'UTC',
  'chronology.event': 'Event',
  'chronology.incident': 'Incident',
  'chronology.exhibits': 'Exhibits',
  'chronology.none': 'No timed events.',
  'event.incident_start': 'Incident begins',
  'event.incident_end': 'Incident ends',
  'event.violence': 'Violence: {kind}',
  'event.communication': 'Communication by {channel}: {from} to {to}',
  'event.detention_ordered': 'Detention ordered',
  'event.detention_notified': 'Detention notified',
  'event.detention_start': 'Detention begins',
  'event.detention_end': 'Detention ends',
  'event.fine_notified': 'Fine notified',
  'event.appeal_filed': 'Appeal filed',
  'event.appeal_deadline': 'Appeal deadline',
  'event.seizure': 'Seizure',
  'event.release': 'Release',
  'event.review_filed': 'Request for review filed',
  'event.review_deadline': 'Deadline for the request for review',
  'event.proceeding': 'Proceedings: {event}',
  'incident.type': 'Type',
  'incident.began': 'Began',
  'incident.ended': 'Ended',
  'incident.location': 'Location',
  'incident.position': 'Position',
  'incident.sarRegion': 'SAR region',
  'incident.port': 'Port',
  'incident.vessels': 'Vessels',
  'incident.vessel': 'Vessel',
  'incident.role': 'Role',
  'incident.flag': 'Flag',
  'incident.imo': 'IMO',
  'incident.operator': 'Operator',
  'incident.people': 'People',
  'incident.narrative': 'Narrative',
  'incident.witnesses': 'Witnesses',
  'incident.statement': 'statement',
  'incident.exhibits': 'Exhibits cited',
  'incident.noExhibits': 'This incident cites no exhibit.',
  'incident.tags': 'Tags',
  'incident.file': 'Source file',
  'place.regions': 'SAR regions from the position',
  'place.regions.one': 'SAR region from the position',
  'place.noRegion': 'none of the regions of Libya, Malta, Italy, Tunisia and Greece',
  'place.notWritten': 'not the {region} the incident file names',
  'place.distance': 'Distance to the coast',
  'place.coast': '{distance} nm from the coast of {country}',
  'place.inland': 'on land, {distance} nm from the coast of {country}',
  'place.near': '(near {port})',
  'place.unknownCoast': 'not known: the position lies outside the coastline data of the Mediterranean',
  'place.zone': 'Maritime zone',
  'zone.territorial': 'within 12 nm of the coastline: territorial sea',
  'zone.contiguous': '12 to 24 nm from the coastline: contiguous zone',
  'zone.beyond': 'more than 24 nm from the coastline: beyond the contiguous zone',
  'zone.onLand': 'on land by the coastline used here: check the position',
  'zone.sirte':
    'inside the Gulf of Sirte south of 32°30′N, which Libya has claimed as internal waters since 1973 ' +
    '(a claim most states reject): the zone is contested',
  'place.note':
    'Regions, distance and zone are derived from the position by casebuilder. The distance is measured on ' +
    "the sphere to the coastline of Natural Earth's 1:10m map (good to a few tenths of a mile), not from the " +
    'legal baselines from which the territorial sea is measured in law: straight baselines and closing lines ' +
    'can move the 12 and 24 nm limits seaward. The search-and-rescue regions are approximate polygons ' +
    '(OneFleet, the flight information regions), not the coordinates notified to the IMO.',
  'map.position': 'position of the incident',
  'map.event': 'position of an event (UTC)',
  'map.track': 'GPS track, {exhibit}',
  'map.start': 'start {time}',
  'map.end': 'end {time}',
  'map.port': 'port or town',
  'map.coast': 'coastline',
  'map.limit': '12 nm from the coastline',
  'map.srr': 'SAR region boundary',
  'map.unit': 'nautical miles',
  'map.nm': 'nm',
  'map.sirte': 'closing line of the Gulf of Sirte claimed by Libya (1973), rejected by most states',
  'map.overlap': '{a} and {b}',
  'people.on_board': 'On board',
  'people.rescued': 'Rescued',
  'people.intercepted': 'Intercepted',
  'people.dead': 'Dead',
  'people.missing': 'Missing',
  'people.minors': 'Minors',
  'interception.title': 'Interception',
  'interception.authority': 'Intercepting authority',
  'interception.unit': 'Unit',
  'interception.boat': 'Boat in distress',
  'interception.departedFrom': 'Departed from',
  'interception.outcome': 'Outcome',
  'interception.returnedTo': 'Returned to',
  'interception.violence': 'Violence',
  'interception.communications': 'Communications',
  'violence.at': 'Time',
  'violence.kind': 'Kind',
  'violence.against': 'Against',
  'violence.description': 'Description',
  'communication.at': 'Time',
  'communication.fromTo': 'From / to',
  'communication.channel': 'Channel',
  'communication.summary': 'Content',
  'communication.answered': 'Answered',
  'detention.title': 'Detention',
  'detention.kind': 'Kind',
  'detention.port': 'Port',
  'detention.authority': 'Authority',
  'detention.legalBasis': 'Legal basis',
  'detention.grounds': 'Grounds alleged',
  'detention.orderedAt': 'Ordered',
  'detention.notifiedAt': 'Notified',
  'detention.start': 'Start',
  'detention.end': 'End',
  'detention.stillHeld': 'still held on {date}',
  'detention.daysHeld': 'Days held',
  'detention.orderedDays': 'Days ordered',
  'detention.fine': 'Fine',
  'detention.fineReference': 'Fine reference',
  'detention.fineNotified': 'Fine notified',
  'detention.finePaid': 'Fine paid',
  'detention.fineDeadline': 'Deadline for opposition to the fine',
  'exhibit.fileName': 'exhibit-{n}',
  'exhibit.withheldNames':
    'This file is left out of the public dossier: it names a protected person in a form that cannot be redacted.',
  'exhibit.withheldUnsearchable':
    'This file is left out of the public dossier: its content cannot be searched for the names it must not show.',
  'exhibit.publicCopy': 'Public copy',
  'exhibit.publicCopyNote': 'shown in place of {file}, a redacted working copy',
  'exhibit.custody': 'Chain of custody',
  'list.noIncidents': 'no incidents',
  'list.pulledIn': '{n} pulled in',
  'list.pulledFrom': 'pulled in from {case}',
  'report.title': 'Incidents and detentions: figures',
  'report.subject': 'casebuilder report as of {date}',
  'report.footer': 'Report as of {date}',
  'report.intro':
    'As of {date}: {incidents} recorded. Detentions and seizures still in force are counted to that date.',
  'report.incident': 'incident',
  'report.incidents': 'incidents',
  'report.byYear': 'Incidents by type and year',
  'report.year': 'Year',
  'report.interceptions': 'Interceptions',
  'report.detentions': 'Detentions',
  'report.seizures': 'Seizures',
  'report.total': 'Total',
  'report.people': 'People affected',
  'report.violence': 'Violence by kind',
  'report.kind': 'Kind',
  'report.acts': 'Acts',
  'report.vessels': 'Detentions, seizures and fines per vessel',
  'report.vessel': 'Vessel',
  'report.seizuresByStatus': 'Seizures by status',
  'report.status': 'Status',
  'report.map': 'Where the incidents happened',
  'report.mapNote':
    'Incidents with a position, by type. Coastline and land from Natural Earth 1:10m; search-and-rescue ' +
    'regions approximate; the 12 nm line is measured from the coastline, not from the legal baselines.',
  'deadline.detention_appeal': 'Detention opposition',
  'deadline.fine_opposition': 'Fine opposition',
  'deadline.seizure_review': 'Seizure review',
  'deadline.incident': 'Incident',
  'deadline.counted': 'Counted',
  'deadline.written': 'Deadline as written in the incident file',
  'deadline.today': 'today',
  'deadline.in': 'in {days}',
  'deadline.ago': '{days} ago',
  'deadline.overdue': 'OVERDUE',
  'deadline.none': 'no deadlines',
  'deadline.notRecorded': 'not recorded',
  'count.at_least': 'at least {n}',
  'count.about': 'about {n}',
  'record.measures.one': '{n} measure',
  'record.measures.other': '{n} measures',
  'record.totalSentence': '{measures}, {days} {held} in all, {fines}.',
  'record.held.detention': 'held',
  'record.held.seizure': 'held',
  'record.held.both': 'held',
  'record.fines': 'fines of {amount}',
  'record.noFines': 'no fines',
  'appeal.title': 'Appeal',
  'appeal.forum': 'Forum',
  'appeal.deadline': 'Deadline',
  'appeal.computed': 'computed: {how}',
  'appeal.filedAt': 'Filed',
  'appeal.status': 'Status',
  'seizure.title': 'Seizure',
  'seizure.orderedBy': 'Ordered by',
  'seizure.court': 'Court',
  'seizure.reference': 'Reference',
  'seizure.seizedAt': 'Seized',
  'seizure.daysHeld': 'Days held',
  'seizure.port': 'Port',
  'seizure.charges': 'Charges',
  'seizure.items': 'Items seized',
  'seizure.status': 'Status',
  'seizure.releasedAt': 'Released',
  'seizure.review': 'Request for review',
  'seizure.proceedings': 'Proceedings',
  'proceeding.at': 'Date',
  'proceeding.court': 'Court',
  'proceeding.event': 'Event',
  'record.intro': 'Every detention and seizure of {vessel} recorded in the repository, as of {date}.',
  'record.none': 'No detention or seizure of {vessel} is recorded.',
  'record.noVessel': 'This case names no vessel.',
  'record.measure': 'Measure',
  'record.period': 'Period',
  'record.days': 'Days held',
  'record.place': 'Port / authority',
  'record.fine': 'Fine',
  'record.status': 'Status',
  'record.ongoing': 'ongoing',
  'references.none': 'No legal reference is cited.',
  'exhibits.intro':
    'Each exhibit is numbered in the order it is first cited in this dossier. ' +
    'The SHA-256 fingerprint identifies the file byte for byte.',
  'exhibits.none': 'This dossier has no exhibits.',
  'exhibits.number': 'No.',
  'exhibits.description': 'Description',
  'exhibits.kind': 'Kind',
  'exhibits.file': 'File',
  'exhibits.size': 'Size',
  'exhibits.captured': 'Captured',
  'exhibits.sha256': 'SHA-256',
  'exhibits.page': 'Page',
  'exhibits.word': 'Exhibit',
  // A colon, not "by": who captured it is written as the file has it ("Deck crew"), capital and all.
  'exhibits.by': 'source: {who}',
  'exhibits.capturedBy': 'Captured by',
  'exhibits.unpublished.one': 'This public version leaves out {n} exhibit marked not for publication.',
  'exhibits.unpublished': 'This public version leaves out {n} exhibits marked not for publication.',
  'exhibit.header': 'Exhibit {number} – {description}',
  'exhibit.incident': 'Cited in',
  'exhibit.content': 'Content',
  'exhibit.photo': 'The photo follows, scaled to the page; the file itself is identified by its SHA-256.',
  'exhibit.photoAttached':
    'The original file is embedded in this PDF as an attachment named “{name}” ' +
    '(the paperclip icon, or View > Attachments); its SHA-256 must equal the one above.',
  'exhibit.pdf':
    'The pages of the document follow, each as it is in the file, reduced to leave room for the page stamp.',
  'exhibit.pdfPublished':
    'The published pages of the document follow, each as it is in the published copy, ' +
    'reduced to leave room for the page stamp.',
  'exhibit.attached':
    'This file is embedded in this PDF as an attachment named “{name}”. ' +
    'To open it, show the attachments of your PDF reader (the paperclip icon, or View > Attachments) and save it; ' +
    'its SHA-256 must equal the one above.',
  'witness.placeholder': 'Witness {n}',
  redacted: '[redacted]',
  'exhibit.published': 'Published copy',
  'exhibit.publishedNote': 'redacted for publication; SHA-256 of this copy: {sha256}',
  'exhibit.leftOut': 'Pages left out',
  'exhibit.takenOff': 'Taken off',
  'exhibit.takenOffNote': '{what}. A text search cannot read items of this kind, so this copy does not carry them',
  'takenOff.comment.one': '{n} comment',
  'takenOff.comment.other': '{n} comments',
  'takenOff.markup.one': '{n} highlight or mark',
  'takenOff.markup.other': '{n} highlights or marks',
  'takenOff.stamp.one': '{n} stamp',
  'takenOff.stamp.other': '{n} stamps',
  'takenOff.drawing.one': '{n} drawing (ink, line or shape)',
  'takenOff.drawing.other': '{n} drawings (ink, lines or shapes)',
  'takenOff.file.one': '{n} attached file',
  'takenOff.file.other': '{n} attached files',
  'takenOff.picture.one': '{n} picture from a page a protected name was removed from',
  'takenOff.picture.other': '{n} pictures from pages a protected name was removed from',
  'takenOff.handDrawn.one':
    'drawings by hand or curved figures (a signature, handwriting, a logo) from {n} page ' +
    'a protected name was removed from',
  'takenOff.handDrawn.other':
    'drawings by hand or curved figures (a signature, handwriting, a logo) from {n} pages ' +
    'a protected name was removed from',
  'takenOff.field.one': '{n} form field whose value names a protected person',
  'takenOff.field.other': '{n} form fields whose values name a protected person',
  'takenOff.other.one': '{n} other annotation',
  'takenOff.other.other': '{n} other annotations',
  'takenOff.metadata': 'metadata',
  'exhibit.leftOutNote.one':
    'page {pages} of the file shows pictures or drawings and no text, which no search can clear of protected names',
  'exhibit.leftOutNote.other':
    'pages {pages} of the file show pictures or drawings and no text, which no search can clear of protected names',
  'exhibit.scannedNote.one':
    "page {pages} of the file is a scan whose text is an OCR's reading of it, which no search can trust to " +
    'clear the picture of protected names',
  'exhibit.scannedNote.other':
    "pages {pages} of the file are scans whose text is an OCR's reading of them, which no search can trust to " +
    'clear the pictures of protected names',
  'exhibit.outlinedNote.one':
    'page {pages} of the file draws letters as outlines beside its text, which no search can read',
  'exhibit.outlinedNote.other':
    'pages {pages} of the file draw letters as outlines beside their text, which no search can read',
  'exhibit.unreadableNote.one':
    'page {pages} of the file has text that cannot be taken out as characters (a font without a ToUnicode map), ' +
    'which no search can clear of protected names',
  'exhibit.unreadableNote.other':
    'pages {pages} of the file have text that cannot be taken out as characters (a font without a ToUnicode map), ' +
    'which no search can clear of protected names',
  'exhibit.shown': 'Shown from a copy',
  'exhibit.shown.repaired': 'repaired: {changes}',
  'exhibit.shown.decrypted': 'decrypted: {changes}',
  'exhibit.shown.converted': 'converted: {changes}',
  'exhibit.shown.appearances': 'form fields drawn: {changes}',
  'exhibit.shown.hashes': '{what}; the original file’s SHA-256 is {original}; the {copy}’s is {sha256}',
  'exhibit.copy.repaired': 'repaired copy',
  'exhibit.copy.decrypted': 'decrypted copy',
  'exhibit.copy.converted': '8-bit copy',
  'exhibit.copy.appearances': 'copy',
  'change.xref': 'the cross-reference table was rebuilt',
  'change.update-loop': 'the file’s update sections referred to each other in a loop, which was broken',
  'change.page-tree': 'the page tree was rebuilt',
  'change.catalog': 'the missing document catalog was restored',
  'change.objects': 'objects written outside the PDF rules were written again',
  'change.streams': 'damaged data on page {pages} was replaced by the part of it that decodes, as viewers show it',
  'change.streams-document': 'damaged data was replaced by the part of it that decodes, as viewers show it',
  'change.decrypted':
    'the file was encrypted with an empty password (it opens without one in any viewer); ' +
    'its pages are merged from a decrypted copy',
  'change.rewritten': 'the file was written again by a PDF reader so that its pages could be copied',
  'change.appearances': 'the form asks viewers to draw its fields; they were drawn from their values',
  'change.eight-bit':
    'the photo has {bits} bits per channel, which a PDF cannot show; ' +
    'an 8-bit copy is shown and the original is attached as “{name}”',
  'footer.page': 'page {page} of {total}',
  'exhibit.pageLabel': 'Exhibit {number} · page {page} of {total}',
  'exhibit.printed':
    'The file is printed below and is also embedded in this PDF as an attachment named “{name}”. ' +
    'To open it, show the attachments of your PDF reader (the paperclip icon, or View > Attachments) and save it; ' +
    'its SHA-256 must equal the one above.',
  'printed.moreLines.one': 'The remaining line is in the attached file “{name}”.',
  'printed.moreLines.other': 'The remaining {count} lines are in the attached file “{name}”.',
  'printed.moreRows.one': 'The remaining row is in the attached file “{name}”.',
  'printed.moreRows.other': 'The remaining {count} rows are in the attached file “{name}”.',
  'printed.morePoints.one': 'The remaining track point is in the attached file “{name}”.',
  'printed.morePoints.other': 'The remaining {count} track points are in the attached file “{name}”.',
  'printed.cut': '[… {count} more characters of this line in the attached file]',
  'printed.empty': 'The file is empty.',
  'printed.encoding': 'The file is not in UTF-8: it is printed as read in {encoding}.',
  'gpx.point': 'No.',
  'gpx.time': 'Time (as recorded)',
  'gpx.latitude': 'Latitude',
  'gpx.longitude': 'Longitude',
  'gpx.elevation': 'Elevation (m)',
  yes: 'yes',
  no: 'no',
  none: '—',
} as const;

export type MessageKey = keyof typeof en;

const it: Record<MessageKey, string> = {
  'marking.confidential': 'RISERVATO - AD USO PROCESSUALE',
  'marking.public': 'PUBBLICO',
  'cover.court': 'Autorità giudiziaria',
  'cover.caseNumber': 'Numero di ruolo',
  'cover.matter': 'Oggetto',
  'cover.client': 'Assistito',
  'cover.vessel': 'Nave',
  'cover.counsel': 'Difensori',
  'cover.counsel.one': 'Difensore',
  'cover.prepared': 'Predisposto il',
  'cover.dossier': 'Fascicolo',
  'cover.seal': 'Sigillo elettronico di',
  'cover.volume': 'Volume {volume} di {count}, pagine da {first} a {last}',
  'exhibits.where': 'vol. {volume}, {stamp}',
  'exhibit.beside': 'Il file non è contenuto in questo PDF: è depositato accanto come {name}.',
  'exhibit.reference': '{word} {number} (vol. {volume}, {stamp})',
  'exhibit.part':
    'Il documento è troppo grande per un solo volume ed è diviso tra le sue pagine: ' +
    'questo volume ne contiene la parte {index} di {count}, pagine da {from} a {to}.',
  'filing.title': 'Indice del deposito',
  'filing.intro': 'Tutti i file del deposito {profile} di {case}, con dimensione e SHA-256, per busta.',
  'filing.envelope': 'Busta {number}',
  'filing.file': 'File',
  'toc.title': 'Indice',
  'section.facts': '1. Esposizione dei fatti',
  'section.relief': 'Conclusioni',
  'section.chronology': '2. Cronologia',
  'section.incidents': '3. Episodi',
  'section.vesselRecord': '4. Precedenti della nave',
  'section.references': '5. Riferimenti normativi e giurisprudenziali',
  'section.exhibitIndex': '6. Indice degli allegati',
  'section.exhibits': '7. Allegati',
  'facts.none': 'Per questo fascicolo non è stata redatta un’esposizione dei fatti.',
  'relief.none': 'Non sono state formulate conclusioni.',
  'chronology.intro':
    'Tutti gli eventi datati degli episodi del fascicolo, in ordine cronologico. ' +
    'Gli orari sono indicati nell’ora locale ({zone}) e in UTC; ' +
    'per un evento noto solo per data è indicata la sola data.',
  'chronology.local': 'Ora locale ({zone})',
  'chronology.localTime': 'Ora locale',
  'chronology.utc': 'UTC',
  'chronology.event': 'Evento',
  'chronology.incident': 'Episodio',
  'chronology.exhibits': 'Allegati',
  'chronology.none': 'Nessun evento datato.',
  'event.incident_start': 'Inizio dell’episodio',
  'event.incident_end': 'Fine dell’episodio',
  'event.violence': 'Violenza: {kind}',
  'event.communication': 'Comunicazione via {channel}: da {from} a {to}',
  'event.detention_ordered': 'Fermo disposto',
  'event.detention_notified': 'Fermo notificato',
  'event.detention_start': 'Inizio del fermo',
  'event.detention_end': 'Fine del fermo',
  'event.fine_notified': 'Sanzione notificata',
  'event.appeal_filed': 'Ricorso depositato',
  'event.appeal_deadline': 'Termine per il ricorso',
  'event.seizure': 'Sequestro',
  'event.release': 'Dissequestro',
  'event.review_filed': 'Richiesta di riesame depositata',
  'event.review_deadline': 'Termine per la richiesta di riesame',
  'event.proceeding': 'Procedimento: {event}',
  'incident.type': 'Tipo',
  'incident.began': 'Inizio',
  'incident.ended': 'Fine',
  'incident.location': 'Luogo',
  'incident.position': 'Posizione',
  'incident.sarRegion': 'Zona SAR',
  'incident.port': 'Porto',
  'incident.vessels': 'Unità coinvolte',
  'incident.vessel': 'Unità',
  'incident.role': 'Ruolo',
  'incident.flag': 'Bandiera',
  'incident.imo': 'IMO',
  'incident.operator': 'Armatore / operatore',
  'incident.people': 'Persone',
  'incident.narrative': 'Descrizione',
  'incident.witnesses': 'Testimoni',
  'incident.statement': 'dichiarazione',
  'incident.exhibits': 'Allegati citati',
  'incident.noExhibits': 'Questo episodio non cita allegati.',
  'incident.tags': 'Etichette',
  'incident.file': 'File di origine',
  'place.regions': 'Zone SAR secondo la posizione',
  'place.regions.one': 'Zona SAR secondo la posizione',
  'place.noRegion': 'nessuna delle zone di Libia, Malta, Italia, Tunisia e Grecia',
  'place.notWritten': 'non la {region} indicata nel file dell’episodio',
  'place.distance': 'Distanza dalla costa',
  'place.coast': '{distance} miglia nautiche dalla costa {country}',
  'place.inland': 'sulla terraferma, a {distance} miglia nautiche dalla costa {country}',
  'place.near': '(presso {port})',
  'place.unknownCoast': 'non nota: la posizione è fuori dai dati della linea di costa del Mediterraneo',
  'place.zone': 'Zona marittima',
  'zone.territorial': 'entro 12 miglia nautiche dalla linea di costa: mare territoriale',
  'zone.contiguous': 'tra 12 e 24 miglia nautiche dalla linea di costa: zona contigua',
  'zone.beyond': 'oltre 24 miglia nautiche dalla linea di costa: oltre la zona contigua',
  'zone.onLand': 'sulla terraferma secondo la linea di costa usata qui: verificare la posizione',
  'zone.sirte':
    'all’interno del Golfo della Sirte a sud di 32°30′N, che la Libia rivendica come acque interne dal 1973 ' +
    '(rivendicazione respinta dalla maggior parte degli Stati): la zona è contestata',
  'place.note':
    'Zone SAR, distanza e zona marittima sono ricavate dalla posizione da casebuilder. La distanza è misurata ' +
    'sulla sfera fino alla linea di costa della carta di Natural Earth in scala 1:10.000.000 ' +
    '(precisa a pochi decimi di ' +
    'miglio), non dalle linee di base giuridiche da cui si misura per legge il mare territoriale: linee di ' +
    'base diritte e linee di chiusura possono spostare verso il largo i limiti delle 12 e 24 miglia. Le zone ' +
    'SAR sono poligoni approssimati (OneFleet, ricavati dalle regioni informazioni volo, FIR), ' +
    'non le coordinate notificate all’IMO.',
  'map.position': 'posizione dell’episodio',
  'map.event': 'posizione di un evento (UTC)',
  'map.track': 'traccia GPS, {exhibit}',
  'map.start': 'inizio {time}',
  'map.end': 'fine {time}',
  'map.port': 'porto o città',
  'map.coast': 'linea di costa',
  'map.limit': '12 miglia nautiche dalla linea di costa',
  'map.srr': 'limite di zona SAR',
  'map.unit': 'miglia nautiche',
  'map.nm': 'mn',
  'map.sirte':
    'linea di chiusura del Golfo della Sirte rivendicata dalla Libia (1973), respinta dalla maggior parte degli Stati',
  'map.overlap': '{a} e {b}',
  'people.on_board': 'A bordo',
  'people.rescued': 'Soccorse',
  'people.intercepted': 'Intercettate',
  'people.dead': 'Decedute',
  'people.missing': 'Disperse',
  'people.minors': 'Minori',
  'interception.title': 'Intercettazione',
  'interception.authority': 'Autorità intercettante',
  'interception.unit': 'Unità',
  'interception.boat': 'Imbarcazione in pericolo',
  'interception.departedFrom': 'Partita da',
  'interception.outcome': 'Esito',
  'interception.returnedTo': 'Riportate a',
  'interception.violence': 'Violenze',
  'interception.communications': 'Comunicazioni',
  'violence.at': 'Ora',
  'violence.kind': 'Tipo',
  'violence.against': 'Contro',
  'violence.description': 'Descrizione',
  'communication.at': 'Ora',
  'communication.fromTo': 'Da / a',
  'communication.channel': 'Mezzo',
  'communication.summary': 'Contenuto',
  'communication.answered': 'Risposta',
  'detention.title': 'Fermo',
  'detention.kind': 'Tipo',
  'detention.port': 'Porto',
  'detention.authority': 'Autorità',
  'detention.legalBasis': 'Base giuridica',
  'detention.grounds': 'Addebiti',
  'detention.orderedAt': 'Disposto',
  'detention.notifiedAt': 'Notificato',
  'detention.start': 'Inizio',
  'detention.end': 'Fine',
  'detention.stillHeld': 'ancora in corso al {date}',
  'detention.daysHeld': 'Durata del fermo',
  'detention.orderedDays': 'Durata disposta',
  'detention.fine': 'Sanzione',
  'detention.fineReference': 'Estremi della sanzione',
  'detention.fineNotified': 'Sanzione notificata',
  'detention.finePaid': 'Sanzione pagata',
  'detention.fineDeadline': 'Termine per l’opposizione alla sanzione',
  'exhibit.fileName': 'allegato-{n}',
  'exhibit.withheldNames':
    'Il file è escluso dal fascicolo pubblico: nomina una persona protetta in una forma che non può essere oscurata.',
  'exhibit.withheldUnsearchable':
    'Il file è escluso dal fascicolo pubblico: il suo contenuto non può essere verificato per i nomi da non mostrare.',
  'exhibit.publicCopy': 'Copia pubblica',
  'exhibit.publicCopyNote': 'mostrata al posto di {file}, copia di lavoro oscurata',
  'exhibit.custody': 'Catena di custodia',
  'list.noIncidents': 'nessun episodio',
  'list.pulledIn': '{n} da altri fascicoli',
  'list.pulledFrom': 'dal fascicolo {case}',
  'report.title': 'Episodi e fermi: i dati',
  'report.subject': 'rapporto casebuilder al {date}',
  'report.footer': 'Rapporto al {date}',
  'report.intro':
    'Al {date}: {incidents} registrati. Fermi e sequestri ancora in corso sono computati fino a tale data.',
  'report.incident': 'episodio',
  'report.incidents': 'episodi',
  'report.byYear': 'Episodi per tipo e anno',
  'report.year': 'Anno',
  'report.interceptions': 'Intercettazioni',
  'report.detentions': 'Fermi',
  'report.seizures': 'Sequestri',
  'report.total': 'Totale',
  'report.people': 'Persone coinvolte',
  'report.violence': 'Violenze per tipo',
  'report.kind': 'Tipo',
  'report.acts': 'Atti',
  'report.vessels': 'Fermi, sequestri e sanzioni per nave',
  'report.vessel': 'Nave',
  'report.seizuresByStatus': 'Sequestri per stato',
  'report.status': 'Stato',
  'report.map': 'Dove sono avvenuti gli episodi',
  'report.mapNote':
    'Episodi con una posizione, per tipo. Linea di costa e terre emerse da Natural Earth ' +
    '(scala 1:10.000.000); zone SAR ' +
    'approssimate; la linea delle 12 miglia è misurata dalla linea di costa, non dalle linee di base giuridiche.',
  'deadline.detention_appeal': 'Opposizione al fermo',
  'deadline.fine_opposition': 'Opposizione alla sanzione',
  'deadline.seizure_review': 'Riesame del sequestro',
  'deadline.incident': 'Episodio',
  'deadline.counted': 'Computo',
  'deadline.written': 'Termine come indicato nel file dell’episodio',
  'deadline.today': 'oggi',
  'deadline.in': 'tra {days}',
  'deadline.ago': '{days} fa',
  'deadline.overdue': 'SCADUTO',
  'deadline.none': 'nessun termine',
  'deadline.notRecorded': 'non registrato',
  'count.at_least': 'almeno {n}',
  'count.about': 'circa {n}',
  'record.measures.one': '{n} misura',
  'record.measures.other': '{n} misure',
  'record.totalSentence': '{measures}, {days} di {held} in tutto, {fines}.',
  'record.held.detention': 'fermo',
  'record.held.seizure': 'sequestro',
  'record.held.both': 'fermo e di sequestro',
  'record.fines': 'sanzioni per {amount}',
  'record.noFines': 'nessuna sanzione',
  'appeal.title': 'Ricorso',
  'appeal.forum': 'Autorità adita',
  'appeal.deadline': 'Termine',
  'appeal.computed': 'calcolato: {how}',
  'appeal.filedAt': 'Depositato',
  'appeal.status': 'Stato',
  'seizure.title': 'Sequestro',
  'seizure.orderedBy': 'Disposto da',
  'seizure.court': 'Giudice',
  'seizure.reference': 'Estremi',
  'seizure.seizedAt': 'Sequestrata il',
  'seizure.daysHeld': 'Durata del sequestro',
  'seizure.port': 'Porto',
  'seizure.charges': 'Reati contestati',
  'seizure.items': 'Beni sequestrati',
  'seizure.status': 'Stato',
  'seizure.releasedAt': 'Dissequestrata il',
  'seizure.review': 'Richiesta di riesame',
  'seizure.proceedings': 'Procedimento',
  'proceeding.at': 'Data',
  'proceeding.court': 'Giudice',
  'proceeding.event': 'Atto',
  'record.intro': 'Tutti i fermi e i sequestri della {vessel} registrati nell’archivio, alla data del {date}.',
  'record.none': 'Non risultano fermi o sequestri della {vessel}.',
  'record.noVessel': 'Questo fascicolo non riguarda una nave.',
  'record.measure': 'Misura',
  'record.period': 'Periodo',
  'record.days': 'Giorni',
  'record.place': 'Porto / autorità',
  'record.fine': 'Sanzione',
  'record.status': 'Stato',
  'record.ongoing': 'in corso',
  'references.none': 'Nessun riferimento citato.',
  'exhibits.intro':
    'Gli allegati sono numerati nell’ordine in cui sono citati per la prima volta nel fascicolo. ' +
    'L’impronta SHA-256 identifica il file byte per byte.',
  'exhibits.none': 'Il fascicolo non contiene allegati.',
  'exhibits.number': 'N.',
  'exhibits.description': 'Descrizione',
  'exhibits.kind': 'Tipo',
  'exhibits.file': 'File',
  'exhibits.size': 'Dimensione',
  'exhibits.captured': 'Acquisito',
  'exhibits.sha256': 'SHA-256',
  'exhibits.page': 'Pagina',
  'exhibits.word': 'Allegato',
  'exhibits.by': 'fonte: {who}',
  'exhibits.capturedBy': 'Acquisito da',
  'exhibits.unpublished.one': 'Questa versione pubblica omette {n} allegato non destinato alla pubblicazione.',
  'exhibits.unpublished': 'Questa versione pubblica omette {n} allegati non destinati alla pubblicazione.',
  'exhibit.header': 'Allegato {number} – {description}',
  'exhibit.incident': 'Citato in',
  'exhibit.content': 'Contenuto',
  'exhibit.photo': 'Segue la fotografia, adattata alla pagina; il file è identificato dalla sua impronta SHA-256.',
  'exhibit.photoAttached':
    'Il file originale è incorporato in questo PDF come file con il nome «{name}» ' +
    '(l’icona della graffetta, oppure Visualizza > Allegati); ' +
    'la sua impronta SHA-256 deve coincidere con quella sopra.',
  'exhibit.pdf':
    'Seguono le pagine del documento, ciascuna come nel file, ridotte per lasciare spazio alla numerazione.',
  'exhibit.pdfPublished':
    'Seguono le pagine pubblicate del documento, ciascuna come nella copia pubblicata, ' +
    'ridotte per lasciare spazio alla numerazione.',
  'exhibit.attached':
    'Il file è incorporato in questo PDF come file con il nome «{name}». ' +
    'Per aprirlo, mostrare gli allegati del lettore PDF (l’icona della graffetta, oppure Visualizza > Allegati) ' +
    'e salvarlo; la sua impronta SHA-256 deve coincidere con quella indicata sopra.',
  'witness.placeholder': 'Testimone {n}',
  redacted: '[omissis]',
  'exhibit.published': 'Copia pubblicata',
  'exhibit.publishedNote': 'con omissis per la pubblicazione; SHA-256 di questa copia: {sha256}',
  'exhibit.leftOut': 'Pagine omesse',
  'exhibit.takenOff': 'Elementi tolti',
  'exhibit.takenOffNote':
    '{what}. Una ricerca testuale non legge elementi di questo tipo, che questa copia quindi non riporta',
  'takenOff.comment.one': '{n} commento',
  'takenOff.comment.other': '{n} commenti',
  'takenOff.markup.one': '{n} evidenziazione o segno',
  'takenOff.markup.other': '{n} evidenziazioni o segni',
  'takenOff.stamp.one': '{n} timbro',
  'takenOff.stamp.other': '{n} timbri',
  'takenOff.drawing.one': '{n} disegno (a mano libera, linea o forma)',
  'takenOff.drawing.other': '{n} disegni (a mano libera, linee o forme)',
  'takenOff.file.one': '{n} file allegato',
  'takenOff.file.other': '{n} file allegati',
  'takenOff.picture.one': '{n} immagine da una pagina da cui è stato tolto un nome protetto',
  'takenOff.picture.other': '{n} immagini da pagine da cui è stato tolto un nome protetto',
  'takenOff.handDrawn.one':
    'disegni a mano o figure curve (una firma, scritte a mano, un logo) da {n} pagina ' +
    'da cui è stato tolto un nome protetto',
  'takenOff.handDrawn.other':
    'disegni a mano o figure curve (una firma, scritte a mano, un logo) da {n} pagine ' +
    'da cui è stato tolto un nome protetto',
  'takenOff.field.one': '{n} campo di modulo il cui valore contiene un nome protetto',
  'takenOff.field.other': '{n} campi di modulo i cui valori contengono un nome protetto',
  'takenOff.other.one': '{n} altra annotazione',
  'takenOff.other.other': '{n} altre annotazioni',
  'takenOff.metadata': 'metadati',
  'exhibit.leftOutNote.one':
    'la pagina {pages} del file contiene immagini o disegni senza testo, che nessuna ricerca può ' +
    'ripulire dai nomi protetti',
  'exhibit.leftOutNote.other':
    'le pagine {pages} del file contengono immagini o disegni senza testo, che nessuna ricerca può ' +
    'ripulire dai nomi protetti',
  'exhibit.scannedNote.one':
    'la pagina {pages} del file è una scansione il cui testo è la lettura di un OCR, di cui nessuna ricerca può ' +
    "fidarsi per ripulire l'immagine dai nomi protetti",
  'exhibit.scannedNote.other':
    'le pagine {pages} del file sono scansioni il cui testo è la lettura di un OCR, di cui nessuna ricerca può ' +
    'fidarsi per ripulire le immagini dai nomi protetti',
  'exhibit.outlinedNote.one':
    'la pagina {pages} del file contiene, accanto al testo, lettere disegnate come tracciati vettoriali, che ' +
    'nessuna ricerca può leggere',
  'exhibit.outlinedNote.other':
    'le pagine {pages} del file contengono, accanto al testo, lettere disegnate come tracciati vettoriali, che ' +
    'nessuna ricerca può leggere',
  'exhibit.unreadableNote.one':
    'la pagina {pages} del file contiene testo che non può essere estratto come caratteri (un font privo di ' +
    'tabella ToUnicode), che nessuna ricerca può ripulire dai nomi protetti',
  'exhibit.unreadableNote.other':
    'le pagine {pages} del file contengono testo che non può essere estratto come caratteri (un font privo di ' +
    'tabella ToUnicode), che nessuna ricerca può ripulire dai nomi protetti',
  'exhibit.shown': 'Mostrato da una copia',
  'exhibit.shown.repaired': 'riparato: {changes}',
  'exhibit.shown.decrypted': 'decifrato: {changes}',
  'exhibit.shown.converted': 'convertito: {changes}',
  'exhibit.shown.appearances': 'campi del modulo disegnati: {changes}',
  'exhibit.shown.hashes': '{what}; l’impronta SHA-256 del file originale è {original}; quella della {copy} è {sha256}',
  'exhibit.copy.repaired': 'copia riparata',
  'exhibit.copy.decrypted': 'copia decifrata',
  'exhibit.copy.converted': 'copia a 8 bit',
  'exhibit.copy.appearances': 'copia',
  'change.xref': 'la tabella dei riferimenti incrociati è stata ricostruita',
  'change.update-loop': 'le sezioni di aggiornamento del file si richiamavano in un ciclo, che è stato interrotto',
  'change.page-tree': 'l’albero delle pagine è stato ricostruito',
  'change.catalog': 'il catalogo mancante del documento è stato ripristinato',
  'change.objects': 'gli oggetti scritti fuori dalle regole del PDF sono stati riscritti',
  'change.streams':
    'i dati danneggiati a pagina {pages} sono stati sostituiti dalla parte che si decodifica, ' +
    'come la mostrano i lettori',
  'change.streams-document':
    'i dati danneggiati sono stati sostituiti dalla parte che si decodifica, come la mostrano i lettori',
  'change.decrypted':
    'il file era cifrato con una password vuota (si apre senza password in qualsiasi lettore); ' +
    'le sue pagine sono unite da una copia decifrata',
  'change.rewritten': 'il file è stato riscritto da un lettore PDF perché le sue pagine potessero essere copiate',
  'change.appearances': 'il modulo chiede ai lettori di disegnare i suoi campi; sono stati disegnati dai loro valori',
  'change.eight-bit':
    'la fotografia ha {bits} bit per canale, che un PDF non può mostrare; ' +
    'è mostrata una copia a 8 bit e l’originale è allegato come «{name}»',
  'footer.page': 'pagina {page} di {total}',
  'exhibit.pageLabel': 'Allegato {number} · pagina {page} di {total}',
  'exhibit.printed':
    'Il file è stampato qui sotto ed è anche incorporato in questo PDF come file con il nome «{name}». ' +
    'Per aprirlo, mostrare gli allegati del lettore PDF (l’icona della graffetta, oppure Visualizza > Allegati) ' +
    'e salvarlo; la sua impronta SHA-256 deve coincidere con quella indicata sopra.',
  'printed.moreLines.one': 'La riga restante è nel file allegato «{name}».',
  'printed.moreLines.other': 'Le restanti {count} righe sono nel file allegato «{name}».',
  'printed.moreRows.one': 'La riga restante della tabella è nel file allegato «{name}».',
  'printed.moreRows.other': 'Le restanti {count} righe della tabella sono nel file allegato «{name}».',
  'printed.morePoints.one': 'Il punto restante della traccia è nel file allegato «{name}».',
  'printed.morePoints.other': 'I restanti {count} punti della traccia sono nel file allegato «{name}».',
  'printed.cut': '[… altri {count} caratteri di questa riga nel file allegato]',
  'printed.empty': 'Il file è vuoto.',
  'printed.encoding': 'Il file non è in UTF-8: è stampato come letto in {encoding}.',
  'gpx.point': 'N.',
  'gpx.time': 'Ora (come registrata)',
  'gpx.latitude': 'Latitudine',
  'gpx.longitude': 'Longitudine',
  'gpx.elevation': 'Quota (m)',
  yes: 'sì',
  no: 'no',
  none: '—',
};

/** Enumerated values of format.md in the words of each language. */
/** The enumerations of format.md, as the schemas define them: a value without words is a compile error. */
interface EnumSchemas {
  custody_action: typeof S.CustodyAction;
  type: typeof S.IncidentType;
  violence_kind: typeof S.ViolenceKind;
  violence_against: typeof S.ViolenceAgainst;
  channel: typeof S.Channel;
  outcome: typeof S.InterceptionOutcome;
  boat: typeof S.BoatKind;
  sar_region: typeof S.SarRegion;
  vessel_role: typeof S.VesselRole;
  evidence_kind: typeof S.EvidenceKind;
  witness_role: typeof S.WitnessRole;
  detention_kind: typeof S.DetentionKind;
  appeal_status: typeof S.AppealStatus;
  seizure_status: typeof S.SeizureStatus;
  matter: typeof S.Matter;
  reference_kind: typeof S.ReferenceKind;
}
type Enums = { [K in keyof EnumSchemas]: Record<z.infer<EnumSchemas[K]>, string> };

const enumsEn: Enums = {
  custody_action: {
    captured: 'captured',
    copied: 'copied',
    transferred: 'transferred',
    received: 'received',
    stored: 'stored',
    redacted: 'redacted',
    other: 'other',
  },
  type: { interception: 'interception', detention: 'detention', seizure: 'seizure' },
  violence_kind: {
    shots_fired: 'shots fired',
    weapon_pointed: 'weapon pointed',
    physical_assault: 'physical assault',
    threats: 'threats',
    dangerous_manoeuvre: 'dangerous manoeuvre',
    equipment_damage: 'damage to equipment',
    boarding: 'boarding',
    other: 'other',
  },
  violence_against: {
    rescue_crew: 'the rescue crew',
    people_in_distress: 'the people in distress',
    both: 'the rescue crew and the people in distress',
  },
  channel: { vhf: 'VHF', satphone: 'satellite phone', phone: 'phone', email: 'e-mail', other: 'other means' },
  outcome: {
    pulled_back: 'pulled back',
    rescued: 'rescued',
    partly_pulled_back: 'partly pulled back',
    escaped: 'escaped',
    unknown: 'unknown',
  },
  boat: {
    rubber: 'rubber boat',
    wooden: 'wooden boat',
    fiberglass: 'fibreglass boat',
    other: 'other',
    unknown: 'unknown',
  },
  sar_region: {
    libya: 'Libyan SRR',
    malta: 'Maltese SRR',
    italy: 'Italian SRR',
    tunisia: 'Tunisian SRR',
    greece: 'Greek SRR',
    other: 'other',
    unknown: 'unknown',
  },
  vessel_role: {
    rescue: 'rescue',
    intercepting: 'intercepting',
    distressed: 'in distress',
    merchant: 'merchant',
    authority: 'authority',
    other: 'other',
  },
  evidence_kind: {
    photo: 'photo',
    video: 'video',
    audio: 'audio',
    document: 'document',
    log: 'log',
    track: 'track',
    statement: 'statement',
    other: 'other',
  },
  witness_role: { survivor: 'survivor', crew: 'crew', journalist: 'journalist', official: 'official', other: 'other' },
  detention_kind: {
    administrative: 'administrative detention',
    port_state_control: 'port state control detention',
    other: 'other detention',
  },
  appeal_status: {
    not_filed: 'not filed',
    filed: 'filed',
    pending: 'pending',
    won: 'won',
    lost: 'lost',
    settled: 'settled',
    withdrawn: 'withdrawn',
  },
  seizure_status: { seized: 'seized', released: 'released', confiscated: 'confiscated', returned: 'returned' },
  matter: {
    fine_appeal: 'appeal against a fine',
    detention_challenge: 'challenge to a detention',
    seizure_challenge: 'challenge to a seizure',
    criminal_defence: 'criminal defence',
    documentation: 'documentation',
  },
  reference_kind: {
    treaty: 'treaty',
    statute: 'statute',
    regulation: 'regulation',
    ruling: 'ruling',
    guideline: 'guideline',
    report: 'report',
  },
};

const enumsIt: Enums = {
  custody_action: {
    captured: 'acquisito',
    copied: 'copiato',
    transferred: 'trasferito',
    received: 'ricevuto',
    stored: 'conservato',
    redacted: 'oscurato',
    other: 'altro',
  },
  type: { interception: 'intercettazione', detention: 'fermo', seizure: 'sequestro' },
  violence_kind: {
    shots_fired: "colpi d'arma da fuoco",
    weapon_pointed: 'arma puntata',
    physical_assault: 'aggressione fisica',
    threats: 'minacce',
    dangerous_manoeuvre: 'manovra pericolosa',
    equipment_damage: 'danneggiamento di attrezzature',
    boarding: 'abbordaggio',
    other: 'altro',
  },
  violence_against: {
    rescue_crew: "l'equipaggio di soccorso",
    people_in_distress: 'le persone in pericolo',
    both: "l'equipaggio di soccorso e le persone in pericolo",
  },
  channel: { vhf: 'VHF', satphone: 'telefono satellitare', phone: 'telefono', email: 'e-mail', other: 'altro mezzo' },
  outcome: {
    pulled_back: 'ricondotte nel Paese di partenza',
    rescued: 'soccorse',
    partly_pulled_back: 'in parte ricondotte nel Paese di partenza',
    escaped: 'sfuggite',
    unknown: 'ignoto',
  },
  boat: {
    rubber: 'gommone',
    wooden: 'barca in legno',
    fiberglass: 'barca in vetroresina',
    other: 'altro',
    unknown: 'ignota',
  },
  sar_region: {
    libya: 'SRR libica',
    malta: 'SRR maltese',
    italy: 'SRR italiana',
    tunisia: 'SRR tunisina',
    greece: 'SRR greca',
    other: 'altra',
    unknown: 'ignota',
  },
  vessel_role: {
    rescue: 'soccorso',
    intercepting: 'intercettazione',
    distressed: 'in pericolo',
    merchant: 'mercantile',
    authority: 'autorità',
    other: 'altro',
  },
  evidence_kind: {
    photo: 'fotografia',
    video: 'video',
    audio: 'audio',
    document: 'documento',
    log: 'registro',
    track: 'traccia',
    statement: 'dichiarazione',
    other: 'altro',
  },
  witness_role: {
    survivor: 'sopravvissuto',
    crew: 'equipaggio',
    journalist: 'giornalista',
    official: 'pubblico ufficiale',
    other: 'altro',
  },
  detention_kind: {
    administrative: 'fermo amministrativo',
    port_state_control: 'fermo per controllo dello Stato di approdo',
    other: 'altro fermo',
  },
  appeal_status: {
    not_filed: 'non depositato',
    filed: 'depositato',
    pending: 'pendente',
    won: 'accolto',
    lost: 'respinto',
    settled: 'transatto',
    withdrawn: 'rinunciato',
  },
  seizure_status: {
    seized: 'sotto sequestro',
    released: 'dissequestrata',
    confiscated: 'confiscata',
    returned: 'restituita',
  },
  matter: {
    fine_appeal: 'opposizione alla sanzione',
    detention_challenge: 'opposizione al fermo',
    seizure_challenge: 'impugnazione del sequestro',
    criminal_defence: 'difesa penale',
    documentation: 'documentazione',
  },
  reference_kind: {
    treaty: 'trattato',
    statute: 'legge',
    regulation: 'regolamento',
    ruling: 'sentenza',
    guideline: 'linee guida',
    report: 'rapporto',
  },
};

export type Locale = 'en' | 'it';

/**
 * A country by Natural Earth's name, as the coast sentence needs it: "the coast of Libya" /
 * "dalla costa della Libia" (Italian puts the article in, and Malta takes none).
 */
const COAST_COUNTRY: Record<Locale, Record<string, string>> = {
  en: { 'Bosnia and Herz.': 'Bosnia and Herzegovina' },
  it: {
    Albania: 'dell’Albania',
    Algeria: 'dell’Algeria',
    'Bosnia and Herz.': 'della Bosnia ed Erzegovina',
    Bulgaria: 'della Bulgaria',
    Croatia: 'della Croazia',
    Egypt: 'dell’Egitto',
    France: 'della Francia',
    Greece: 'della Grecia',
    Italy: 'dell’Italia',
    Libya: 'della Libia',
    Malta: 'di Malta',
    Montenegro: 'del Montenegro',
    Spain: 'della Spagna',
    Tunisia: 'della Tunisia',
    Turkey: 'della Turchia',
  },
};

/** Natural Earth's name of a country as it follows "the coast of" in the language. */
export function coastCountry(locale: Locale, name: string): string {
  return COAST_COUNTRY[locale][name] ?? (locale === 'it' ? `di ${name}` : name);
}
export type EnumName = keyof typeof enumsEn;

export interface Messages {
  locale: Locale;
  /** BCP 47 tag for dates and numbers. */
  tag: string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  enumValue(name: EnumName, value: string): string;
}

export function messages(locale: Locale): Messages {
  const words: Record<MessageKey, string> = locale === 'it' ? it : en;
  const enums: Enums = locale === 'it' ? enumsIt : enumsEn;
  return {
    locale,
    tag: locale === 'it' ? 'it-IT' : 'en-GB',
    t(key, values = {}) {
      const text = words[key];
      if (text === undefined) throw new Error(`no text "${key}" for locale ${locale}`);
      const fill = (whole: string, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole);
      return text.replace(/\{(\w+)\}/g, fill);
    },
    enumValue(name, value) {
      const table = enums[name] as Record<string, string> | undefined;
      if (!table) throw new Error(`no enumeration "${name}"`);
      return (Object.hasOwn(table, value) ? table[value] : undefined) ?? value.replace(/_/g, ' ');
    },
  };
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isEnumName(name: string): name is EnumName {
  return Object.hasOwn(enumsEn, name);
}

/** A chronology event in words ("Violence: shots fired"), `text` applied to each value filled in. */
export function eventLabel(
  m: Messages,
  e: { kind: string; values: Record<string, string> },
  text: (s: string) => string = (s) => s,
): string {
  const values: Record<string, string> = { ...e.values };
  if (e.kind === 'violence' && values.kind) values.kind = m.enumValue('violence_kind', values.kind);
  if (e.kind === 'communication' && values.channel) values.channel = m.enumValue('channel', values.channel);
  const key = `event.${e.kind}`;
  if (!isMessageKey(key)) throw new Error(`no words for the event "${e.kind}"`);
  return m.t(key, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, text(v)])));
}

/** Every fixed word of a language, message texts and enumerated values (for checks that none is left untranslated). */
export function fixedWords(locale: Locale): string[] {
  const words: Record<MessageKey, string> = locale === 'it' ? it : en;
  const enums: Enums = locale === 'it' ? enumsIt : enumsEn;
  return [...Object.values(words), ...Object.values(enums).flatMap((table) => Object.values(table) as string[])];
}
