// Text a citizen typed on the booking page travels in the municipality's own mails
// (issue 9 finding 4: a name with line breaks and a web address became an official-looking
// paragraph). The schemas already refuse control characters and web addresses in names; what
// is left is shown only inside a block marked as the citizen's own words, quoted, and never
// as a link: a zero-width space after each dot or @ inside a word stops mail programs from
// turning "pay.example.com" into a link, without changing what the reader sees.

const ZERO_WIDTH_SPACE = '\u200B';

/** Quoted and unlinkable, for a plain-text mail body or an iCalendar DESCRIPTION. */
export function quoteCitizenText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `«${oneLine.replace(/([.@])(?=\S)/g, `$1${ZERO_WIDTH_SPACE}`)}»`;
}

/** The closing block of a mail: what the citizen typed, labelled as such. */
export function citizenTextBlock(heading: string, fields: [label: string, value: string | undefined][]): string[] {
  const present = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1].trim() !== '');
  if (present.length === 0) return [];
  return ['', heading, ...present.map(([label, value]) => `  ${label}: ${quoteCitizenText(value)}`)];
}
