// The people of the demo studio (Studio Ordo, a ceramics studio): staff, members, contacts and role requests.
import type { ContactStatus, RoleRequestStatus } from "../domain/vocabulary.ts";

export const STUDIO_NAME = "Studio Ordo";
export const STAFF_DOMAIN = "studio-ordo.example";
/** The admin's Slack id when MAESTRO_ADMIN_SLACK_IDS names none. */
export const DEFAULT_ADMIN_SLACK_ID = "U0MAESTRO1";

export const ROLE_DESCRIPTIONS: Record<string, string> = {
  ADMIN: "Runs the studio: every surface, and the only role that may approve another admin",
  STAFF: "Studio team (front desk, bookings, kiln): may use Maestro",
  MEMBER: "Studio member with open-studio wheel and kiln access",
  INSTRUCTOR: "Teaches classes and workshops",
};

/** [role, granted days ago, granted by (person key; null = bootstrap), revoked days ago]. */
type Grant = [role: string, grantedDaysAgo: number, grantedBy: string | null, revokedDaysAgo?: number];

export interface PersonSpec {
  key: string;
  name: string;
  email: string;
  slackUserId: string | null;
  createdDaysAgo: number;
  grants: Grant[];
}

/** The first person is the owner and takes the first admin Slack id. */
export const STAFF: PersonSpec[] = [
  {
    key: "maya",
    name: "Maya Okafor",
    email: `maya@${STAFF_DOMAIN}`,
    slackUserId: DEFAULT_ADMIN_SLACK_ID,
    createdDaysAgo: 420,
    grants: [["ADMIN", 420, null]],
  },
  {
    key: "tom",
    name: "Tom Bexley",
    email: `tom@${STAFF_DOMAIN}`,
    slackUserId: "U0STAFF01",
    createdDaysAgo: 300,
    grants: [["STAFF", 300, "maya"]],
  },
  {
    key: "priya",
    name: "Priya Nair",
    email: `priya@${STAFF_DOMAIN}`,
    slackUserId: "U0STAFF02",
    createdDaysAgo: 30,
    grants: [["MEMBER", 30, "tom"]],
  },
  {
    key: "jonah",
    name: "Jonah Reyes",
    email: `jonah@${STAFF_DOMAIN}`,
    slackUserId: "U0STAFF03",
    createdDaysAgo: 210,
    grants: [
      ["STAFF", 210, "maya"],
      ["INSTRUCTOR", 210, "maya"],
    ],
  },
  { key: "hana", name: "Hana Sato", email: `hana@${STAFF_DOMAIN}`, slackUserId: "U0INSTR01", createdDaysAgo: 35, grants: [] },
  {
    key: "leo",
    name: "Leo Marchetti",
    email: `leo@${STAFF_DOMAIN}`,
    slackUserId: null,
    createdDaysAgo: 160,
    grants: [["INSTRUCTOR", 160, "tom"]],
  },
  // Left in the autumn: a revoked grant, so "staff" must mean "not revoked".
  {
    key: "carla",
    name: "Carla Jensen",
    email: `carla@${STAFF_DOMAIN}`,
    slackUserId: "U0FORMER1",
    createdDaysAgo: 380,
    grants: [["STAFF", 380, "maya", 45]],
  },
];

/** More admins, one per extra MAESTRO_ADMIN_SLACK_IDS entry. */
export const EXTRA_ADMIN_NAMES = ["Dev Ramaswamy", "Ines Carvalho", "Olu Adeyemi", "Sunniva Berg"];

export const MEMBERS: PersonSpec[] = [
  // Tests use U0MEMBER1 as "a Slack user who is not staff".
  {
    key: "ruth",
    name: "Ruth Abernathy",
    email: "ruth.abernathy@example.com",
    slackUserId: "U0MEMBER1",
    createdDaysAgo: 240,
    grants: [["MEMBER", 240, "tom"]],
  },
  {
    key: "felix",
    name: "Felix Grünewald",
    email: "felix.gruenewald@example.net",
    slackUserId: "U0MEMBER2",
    createdDaysAgo: 190,
    grants: [["MEMBER", 190, "tom"]],
  },
  {
    key: "ada",
    name: "Ada Mensah",
    email: "ada.mensah@example.org",
    slackUserId: "U0MEMBER3",
    createdDaysAgo: 130,
    grants: [["MEMBER", 130, "maya"]],
  },
  {
    key: "pete",
    name: "Pete Lindgren",
    email: "pete.lindgren@example.com",
    slackUserId: null,
    createdDaysAgo: 300,
    grants: [["MEMBER", 300, "maya"]],
  },
  {
    key: "greta",
    name: "Greta Holm",
    email: "greta.holm@example.net",
    slackUserId: null,
    createdDaysAgo: 395,
    grants: [["MEMBER", 395, "maya"]],
  },
  {
    key: "luis",
    name: "Luis Moreno",
    email: "luis.moreno@example.com",
    slackUserId: "U0MEMBER4",
    createdDaysAgo: 75,
    grants: [["MEMBER", 75, "tom"]],
  },
  { key: "ivy", name: "Ivy Chen", email: "ivy.chen@example.org", slackUserId: null, createdDaysAgo: 15, grants: [] },
  {
    key: "bram",
    name: "Bram de Vries",
    email: "bram.devries@example.com",
    slackUserId: null,
    createdDaysAgo: 55,
    grants: [["MEMBER", 55, "tom"]],
  },
  {
    key: "kezia",
    name: "Kezia Thompson",
    email: "kezia.t@example.net",
    slackUserId: "U0MEMBER5",
    createdDaysAgo: 20,
    grants: [["MEMBER", 20, "jonah"]],
  },
  // Signed up yesterday; her MEMBER request is waiting.
  { key: "noor", name: "Noor Rahimi", email: "noor.rahimi@example.com", slackUserId: null, createdDaysAgo: 0.9, grants: [] },
];

export interface RoleRequestSpec {
  user: string;
  role: string;
  reason: string;
  submittedDaysAgo: number;
  status: RoleRequestStatus;
  decided?: { by: string; daysAgo: number; reason: string | null };
}

export const ROLE_REQUESTS: RoleRequestSpec[] = [
  {
    user: "hana",
    role: "INSTRUCTOR",
    submittedDaysAgo: 29,
    status: "APPROVED",
    reason: "Starting the Saturday wheel basics and the kids' clay club this term.",
    decided: { by: "maya", daysAgo: 28, reason: "Welcome, Hana! Timetable is on the board." },
  },
  {
    user: "priya",
    role: "STAFF",
    submittedDaysAgo: 27,
    status: "APPROVED",
    reason: "New front-desk and bookings coordinator (started Monday).",
    decided: { by: "maya", daysAgo: 26, reason: null },
  },
  {
    user: "pete",
    role: "INSTRUCTOR",
    submittedDaysAgo: 20,
    status: "REJECTED",
    reason: "I've been throwing for 20 years and would like to teach an advanced lidded-forms class.",
    decided: {
      by: "maya",
      daysAgo: 19,
      reason: "We ask new instructors to shadow a full term first. Let's plan a shadowing block with Hana in the spring.",
    },
  },
  {
    user: "felix",
    role: "ADMIN",
    submittedDaysAgo: 11,
    status: "REJECTED",
    reason: "So I can see the booking calendar and the kiln schedule.",
    decided: {
      by: "maya",
      daysAgo: 10,
      reason: "Admin is for running the studio; members already see open slots and the kiln board on the website.",
    },
  },
  {
    user: "ivy",
    role: "MEMBER",
    submittedDaysAgo: 3.5,
    status: "APPROVED",
    reason: "Joined after the 6-week beginners' course, paid the first month.",
    decided: { by: "priya", daysAgo: 3, reason: "Membership paid at the desk." },
  },
  {
    user: "ada",
    role: "INSTRUCTOR",
    submittedDaysAgo: 4.6,
    status: "PENDING",
    reason: "Hana asked me to take the Thursday kids' handbuilding class from January while she covers Saturdays.",
  },
  {
    user: "jonah",
    role: "ADMIN",
    submittedDaysAgo: 2.3,
    status: "PENDING",
    reason: "Maya's away 12–28 December; I need to manage workflow rules and approvals while she's gone.",
  },
  {
    user: "ruth",
    role: "STAFF",
    submittedDaysAgo: 1.1,
    status: "PENDING",
    reason:
      "I cover the front desk on Saturday mornings in exchange for studio time; Tom said to ask for staff access so I can check people in.",
  },
  {
    user: "noor",
    role: "MEMBER",
    submittedDaysAgo: 0.8,
    status: "PENDING",
    reason: "Signed up for the monthly membership at the desk yesterday.",
  },
];

export interface ContactSpec {
  key: string;
  name: string;
  email: string;
  status: ContactStatus;
  source: string;
  createdDaysAgo: number;
  /** When the status last changed (defaults to creation). */
  changedDaysAgo?: number;
  /** The last change was made by a workflow rule (which writes no feed event). */
  changedByWorkflow?: boolean;
}

const c = (
  key: string,
  name: string,
  email: string,
  status: ContactStatus,
  source: string,
  createdDaysAgo: number,
  changedDaysAgo?: number,
  changedByWorkflow?: boolean,
): ContactSpec => ({ key, name, email, status, source, createdDaysAgo, changedDaysAgo, changedByWorkflow });

export const CONTACTS: ContactSpec[] = [
  c("celeste", "Celeste Dubois", "celeste.dubois@example.net", "CHURNED", "website", 700, 540),
  c("greta", "Greta Holm", "greta.holm@example.net", "ACTIVE", "event", 410, 395),
  c("hugo", "Hugo Partridge", "hugo.partridge@example.com", "CHURNED", "website", 380, 10),
  c("ruth", "Ruth Abernathy", "ruth.abernathy@example.com", "ACTIVE", "referral", 250, 240),
  c("maren", "Maren Solberg", "maren.solberg@example.org", "CHURNED", "referral", 200, 12.5),
  c("kezia", "Kezia Thompson", "kezia.t@example.net", "ACTIVE", "instagram", 35, 20),
  c("ivy", "Ivy Chen", "ivy.chen@example.org", "ACTIVE", "referral", 28.05, 15),
  c("rafael", "Rafael Tanaka-Booth", "rafael.tb@example.com", "CONTACTED", "website", 26.05, 25),
  c("rosa", "Rosa Delgado-Whitfield", "rosa.dw@example.com", "ACTIVE", "website", 25.05, 6),
  c("gideon", "Gideon Marsh", "gideon.marsh@example.net", "ACTIVE", "walk-in", 22.05, 2.5),
  c("freya", "Freya Castellanos", "freya.c@example.net", "CONTACTED", "instagram", 20.05, 19.5),
  c("harriet", "Harriet Nguyen", "harriet.nguyen@example.com", "QUALIFIED", "website", 18.05, 15.5),
  c("theo", "Theo Brannigan", "theo.brannigan@example.org", "QUALIFIED", "website", 16.05, 14),
  c("owen", "Owen Mahlangu", "owen@rankfast-seo.example", "NEW", "website", 15.35),
  c("dmitri", "Dmitri Kovac", "dkovac@example.net", "QUALIFIED", "walk-in", 14.55, 6, true),
  c("amara", "Amara Lindqvist", "amara.lindqvist@example.com", "QUALIFIED", "event", 13.05, 12),
  c("bea", "Bea Osei", "bea.osei@example.com", "CONTACTED", "website", 12.45, 11),
  c("lucia", "Lucia Ferreira", "lucia.ferreira@example.net", "QUALIFIED", "instagram", 11.05, 9),
  c("imogen", "Imogen Pryce", "imogen.pryce@example.com", "QUALIFIED", "website", 10.25, 8),
  c("samuel", "Samuel Achterberg", "sam@achterberg-ceramics.example", "CONTACTED", "website", 9.15, 8.6),
  c("arjun", "Arjun Mehta", "arjun.mehta@example.org", "CONTACTED", "referral", 8.35, 7.9),
  c("nadia", "Nadia Haddad", "nadia.haddad@example.org", "QUALIFIED", "instagram", 7.05, 4, true),
  c("sofia", "Sofia Brennan", "sofia.brennan@example.org", "NEW", "instagram", 6.15),
  c("priscilla", "Priscilla Obi", "priscilla.obi@example.com", "QUALIFIED", "referral", 6.05, 5),
  c("eleanor", "Eleanor Vasquez", "eleanor.vasquez@example.net", "CONTACTED", "event", 5.25, 4.8),
  c("callum", "Callum Fitzgerald", "callum.fitz@example.com", "NEW", "walk-in", 4.55),
  c("kenji", "Kenji Ward", "kenji.ward@example.org", "QUALIFIED", "website", 4.05, 2.9, true),
  c("tomasz", "Tomasz Wierzbicki", "t.wierzbicki@example.com", "CONTACTED", "website", 3.45, 3),
  c("yara", "Yara Said", "yara.said.art@example.net", "NEW", "website", 2.25),
  c("juniper", "Juniper Hale", "juniper.hale@example.com", "NEW", "instagram", 1.55),
  c("marcus", "Marcus Oyelaran", "marcus@oyelaran-design.example", "NEW", "referral", 0.52),
  // Typo in the domain: the welcome email bounces.
  c("wen", "Wen Li", "wen.li@exmaple.com", "NEW", "website", 0.21),
];
