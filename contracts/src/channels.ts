// Where an appointment happens, described once (issue 10 item 6): the back office, the mails
// and calendar invites, and both web apps read these traits instead of testing channel names.
// A new channel is one row here, its names in the apps' translations (and the mail's), and a
// migration widening the appointments table's channel check (backoffice/src/db/migrations.ts).
// No zod here, so the booking pages read it without bundling the schemas.

export interface ChannelTraits {
  /** Held at the citizen's address: booking needs one (with its location); mails, invites and the desk show it. */
  needsAddress: boolean;
  /** Held as a video call: the booking gets a join link (the invite's location), and the desk starts its call. */
  joinLink: boolean;
  /** Served by the mobile counter: on the mobile clerk's day plan, with the visit checklist. */
  mobileCounter: boolean;
  /**
   * `fixed`: slots on the opening hours' grid, one clerk each. `window`: the opening-hours
   * blocks are time windows; the arrival time follows from the day's route, whose capacity
   * counts travel time and a buffer before each visit, and a window does not hold its clerk's
   * fixed slots (the clerk is on the road, not at a desk).
   */
  slots: 'fixed' | 'window';
  /** Proactive invitations offer it only to citizens registered with reduced mobility. */
  reducedMobilityOnly: boolean;
}

export const appointmentChannels = {
  video: { needsAddress: false, joinLink: true, mobileCounter: false, slots: 'fixed', reducedMobilityOnly: false },
  counter: { needsAddress: false, joinLink: false, mobileCounter: false, slots: 'fixed', reducedMobilityOnly: false },
  home_visit: { needsAddress: true, joinLink: false, mobileCounter: true, slots: 'window', reducedMobilityOnly: true },
  neighbourhood_office: { needsAddress: false, joinLink: false, mobileCounter: false, slots: 'fixed', reducedMobilityOnly: false },
} as const satisfies Record<string, ChannelTraits>;

/** The channels' names (the contract's AppointmentChannel enum is made from them). */
export type ChannelName = keyof typeof appointmentChannels;
export const CHANNEL_NAMES = Object.keys(appointmentChannels) as [ChannelName, ...ChannelName[]];

/** The traits of a channel: `channelTraits(a.channel).needsAddress`. */
export function channelTraits(channel: ChannelName): ChannelTraits {
  return appointmentChannels[channel];
}
