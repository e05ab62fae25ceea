// Word lists for the large studio: the SQL picks from them at random, server-side.
import { FEED_EVENT_TYPES, type ActionType } from "../domain/vocabulary.ts";

export const FIRST_NAMES = [
  "Ada", "Amara", "Arjun", "Bea", "Bram", "Callum", "Celeste", "Dmitri", "Eleanor", "Felix", "Freya", "Gideon", "Greta",
  "Hana", "Harriet", "Hugo", "Imogen", "Ivy", "Jonah", "Juniper", "Kenji", "Kezia", "Leo", "Lottie", "Lucia", "Luis",
  "Marcus", "Maren", "Maya", "Nadia", "Noor", "Owen", "Pete", "Priscilla", "Priya", "Rafael", "Rosa", "Ruth", "Samuel",
  "Sofia", "Theo", "Tom", "Tomasz", "Wen", "Yara", "Zainab", "Oskar", "Ines", "Mateo", "Aoife",
];

export const LAST_NAMES = [
  "Okafor", "Bexley", "Nair", "Reyes", "Sato", "Marchetti", "Jensen", "Abernathy", "Grünewald", "Mensah", "Lindgren",
  "Holm", "Moreno", "Chen", "de Vries", "Thompson", "Rahimi", "Dubois", "Partridge", "Solberg", "Tanaka-Booth",
  "Delgado", "Marsh", "Castellanos", "Nguyen", "Brannigan", "Mahlangu", "Kovac", "Lindqvist", "Osei", "Ferreira",
  "Pryce", "Achterberg", "Mehta", "Haddad", "Brennan", "Obi", "Vasquez", "Fitzgerald", "Ward", "Wierzbicki", "Said",
  "Hale", "Oyelaran", "Li", "Walsh", "Kowalski", "Adeyemi", "Berg", "Quinn",
];

export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];
export const SOURCES = ["website", "website", "website", "referral", "referral", "instagram", "instagram", "walk-in", "event"];
export const AUDIENCES = ["adult", "adult", "adult", "adult", "adult", "adult", "teen", "kids", "kids", "family", "group"];

export const GOALS = [
  "Complete beginner, would love to try the wheel on a weekday evening.",
  "Looking for a 6-week beginners' wheel course, weekends preferred.",
  "Interested in open-studio membership; I threw for a few years and need wheel time and kiln access.",
  "Would like a glaze workshop: mixing glazes, test tiles, understanding cone 6.",
  "Booking a family handbuilding session for the school holidays, two kids aged 8 and 11.",
  "Team day for about 12 colleagues in December, mugs or planters, fired in time for Christmas.",
  "My daughter (9) loves clay; is there a Saturday morning kids' class?",
  "Teenager doing A-level art, wants to base coursework on ceramics.",
  "Gift voucher for my partner's birthday, a wheel session for two.",
  "Recently retired and looking for daytime classes to learn pottery properly.",
  "I'd like one-to-one lessons to get back into throwing after ten years away.",
  "Interested in surface decoration: underglaze transfers and sgraffito.",
  "Can I book kiln space to fire about 15 bisqued pieces made at home?",
  "Date-night pottery for two, any Friday evening.",
  "Want to make wedding favours (around 80 bud vases) with the studio's help on firing.",
  "Birthday party for eight 10-year-olds, handbuilding animals.",
  "Handbuilding course, slab and coil, before the spring term.",
  "Private glazing lesson as a present for my mother.",
  "Looking for a mindful hobby to switch off from work; Wednesday evenings suit me.",
  "Small-group sessions for an autistic teenager who finds big groups hard.",
];

/** Appended to some goals so lengths vary as they do in real forms. */
export const GOAL_EXTRAS = [
  "I have some experience from school but it was a long time ago, so please treat me as a beginner.",
  "Step-free access matters to us: one of our group uses a wheelchair.",
  "Budget is flexible; mostly I care about small class sizes and a friendly teacher.",
  "Happy to be put on a waiting list if the next course is full.",
];

export const NOTES = [
  "Replied with the timetable and prices.",
  "Phoned, good chat. Prefers weekends.",
  "Confirmed dates and budget; ready to book.",
  "Left a voicemail; will try again tomorrow.",
  "Intro session booked and confirmation sent.",
  "Finished the course; joined as a member.",
  "Not a fit for what we offer; pointed them elsewhere.",
];

export const SEARCH_QUERIES: [query: string, results: number][] = [
  ["wheel throwing beginner", 12], ["glaze workshop", 5], ["gift card", 3], ["christmas gift voucher", 3],
  ["kids pottery class", 4], ["open studio membership", 6], ["handbuilding course", 7], ["mug making workshop", 4],
  ["date night pottery", 2], ["private lesson", 2], ["raku firing", 0], ["kiln rental", 0], ["team building", 3],
  ["birthday party pottery", 2], ["sgraffito", 0], ["parking", 0], ["porcelain", 1], ["cancellation policy", 1],
  ["clay for sale", 1], ["summer camp", 0], ["wheel hire", 1], ["glaze recipes", 0], ["tile making", 2], ["terms and conditions", 1],
];

export const EXECUTION_ERRORS = [
  "SMTP 550 mailbox unavailable",
  "SMTP 421 4.7.0 temporary failure, try again later",
  "Slack channel #old-ops not found",
  "contact not found: the event names no contact or intake",
  "intake not found: the event names no intake (subject or metadata.intake_id)",
  "user not found: sam@studio-ordo.example does not exist",
];

export interface LargeRuleSpec {
  name: string;
  trigger: string;
  actionType: ActionType;
  condition: unknown;
  config: Record<string, unknown>;
}

const E = FEED_EVENT_TYPES;
const ops = { channel: "#studio-ops", text: "{{event_type}} for {{metadata.contact_name}}" };
const audienceIs = (value: string) => ({ all: [{ field: "metadata.audience", op: "eq", value }] });
const toStatus = (value: string) => ({ all: [{ field: "metadata.to_status", op: "eq", value }] });

/** Twenty rules spread over the event types, so executions land on many triggers. */
export const LARGE_RULES: LargeRuleSpec[] = [
  { name: "welcome-email-on-intake", trigger: E.intakeCreated, actionType: "SEND_EMAIL", condition: { all: [{ field: "metadata.email", op: "exists" }] }, config: { template: "welcome", to: "{{metadata.email}}" } },
  { name: "kids-classes-to-jonah", trigger: E.intakeCreated, actionType: "ASSIGN_OWNER", condition: { any: [{ field: "metadata.audience", op: "in", value: ["kids", "teen", "family"] }] }, config: { user_email: "jonah@studio-ordo.example" } },
  { name: "big-group-heads-up", trigger: E.intakeCreated, actionType: "NOTIFY_SLACK", condition: audienceIs("group"), config: ops },
  { name: "adult-intake-digest-note", trigger: E.intakeCreated, actionType: "ADD_INTAKE_NOTE", condition: audienceIs("adult"), config: { note: "Adult enquiry: offer the Tuesday beginners' block." } },
  { name: "qualified-contact-status", trigger: E.intakeStatusChanged, actionType: "SET_CONTACT_STATUS", condition: toStatus("QUALIFIED"), config: { status: "QUALIFIED" } },
  { name: "triaged-contact-status", trigger: E.intakeStatusChanged, actionType: "SET_CONTACT_STATUS", condition: toStatus("TRIAGED"), config: { status: "CONTACTED" } },
  { name: "closed-contact-active", trigger: E.intakeStatusChanged, actionType: "SET_CONTACT_STATUS", condition: toStatus("CLOSED"), config: { status: "ACTIVE" } },
  { name: "rejected-thank-you-email", trigger: E.intakeStatusChanged, actionType: "SEND_EMAIL", condition: toStatus("REJECTED"), config: { template: "not-a-fit", to: "{{metadata.email}}" } },
  { name: "onboarding-notification", trigger: E.bookingConfirmed, actionType: "NOTIFY_SLACK", condition: null, config: ops },
  { name: "booking-confirmation-email", trigger: E.bookingConfirmed, actionType: "SEND_EMAIL", condition: null, config: { template: "booking-confirmed", to: "{{metadata.email}}" } },
  { name: "booking-cancelled-notify", trigger: E.bookingCancelled, actionType: "NOTIFY_SLACK", condition: null, config: ops },
  { name: "triage-ticket-note", trigger: E.triageTicket, actionType: "ADD_INTAKE_NOTE", condition: null, config: { note: "Triage ticket {{metadata.ticket_id}}" } },
  { name: "role-approved-notify", trigger: E.roleApproved, actionType: "NOTIFY_SLACK", condition: null, config: { channel: "#studio-ops", text: "{{metadata.user_name}} is now {{metadata.role}}" } },
  { name: "role-rejected-email", trigger: E.roleRejected, actionType: "SEND_EMAIL", condition: null, config: { template: "role-rejected", to: "{{metadata.email}}" } },
  { name: "role-requested-notify", trigger: E.roleRequested, actionType: "NOTIFY_SLACK", condition: null, config: { channel: "#approvals", text: "New role request" } },
  { name: "churn-winback", trigger: E.contactStatusChanged, actionType: "SEND_EMAIL", condition: toStatus("CHURNED"), config: { template: "winback", to: "{{metadata.email}}" } },
  { name: "new-contact-welcome", trigger: E.contactCreated, actionType: "SEND_EMAIL", condition: { all: [{ field: "metadata.source", op: "neq", value: "walk-in" }] }, config: { template: "newsletter-welcome", to: "{{metadata.email}}" } },
  { name: "note-mentions-refund", trigger: E.intakeNoteAdded, actionType: "NOTIFY_SLACK", condition: null, config: ops },
  { name: "slot-cancelled-notify", trigger: E.availabilityCancelled, actionType: "NOTIFY_SLACK", condition: null, config: ops },
  { name: "assignment-notify-owner", trigger: E.intakeAssigned, actionType: "NOTIFY_SLACK", condition: null, config: ops },
];
