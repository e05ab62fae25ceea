// Where a reply goes in Slack: a channel, and the thread when there is one.
export interface Place {
  channel: string;
  /** Reply inside this thread; undefined means the channel's (or DM's) top level. */
  threadTs?: string;
}

export const inThread = (place: Place) => (place.threadTs ? { thread_ts: place.threadTs } : {});
