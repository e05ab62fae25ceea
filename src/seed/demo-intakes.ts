// The demo studio's thirty enquiries, as prospects wrote them, with what the team did about each.
import type { IntakeStatus } from "../domain/vocabulary.ts";

/** [new status, days ago (or right after the booked session), note]. */
export type Step = [to: IntakeStatus, at: number | "after-slot", note?: string];

/** A session in the studio's local time: `day` days from today. */
export interface SlotSpec {
  day: number;
  hour: number;
  minute: number;
  minutes: number;
}

export interface IntakeSpec {
  key: string;
  /** A contact key from demo-cast; absent for enquiries nobody turned into a contact. */
  contact?: string;
  name?: string;
  email?: string;
  source?: string;
  audience: "adult" | "teen" | "kids" | "family" | "group";
  groupSize?: number;
  ageDays: number;
  owner?: string;
  /** The owner was set by the kids-classes workflow rule, not by a person. */
  assignedBy?: "workflow";
  steps?: Step[];
  notes?: [daysAgo: number, by: string, text: string][];
  slot?: SlotSpec;
  /** A booking that was cancelled with its slot before the current one. */
  cancelledSlot?: SlotSpec & { reason: string };
  goals: string;
}

export const INTAKES: IntakeSpec[] = [
  {
    key: "greta",
    contact: "greta",
    audience: "adult",
    ageDays: 29,
    owner: "priya",
    steps: [
      ["TRIAGED", 28.6],
      ["QUALIFIED", 27],
      ["CLOSED", 20, "Bought a gift voucher for her mum instead of booking; closing the enquiry."],
    ],
    goals: "Looking for a private glazing lesson for my mother's 70th birthday. She threw pots in the seventies and still talks about it.",
  },
  {
    key: "ivy",
    contact: "ivy",
    audience: "adult",
    ageDays: 28,
    owner: "jonah",
    steps: [
      ["TRIAGED", 27.5],
      ["QUALIFIED", 26],
      ["BOOKED", 25],
      ["CLOSED", "after-slot", "Finished the intro and joined the 6-week beginners' course."],
    ],
    slot: { day: -18, hour: 18, minute: 30, minutes: 90 },
    goals:
      "A friend recommended your beginners' course. I'd like to start with a single session to see whether I actually like it before committing to six weeks.",
  },
  {
    key: "rafael",
    contact: "rafael",
    audience: "kids",
    ageDays: 26,
    owner: "jonah",
    steps: [
      ["TRIAGED", 25],
      ["REJECTED", 24, "Our kids' classes start at 7. Added them to the mailing list for next year."],
    ],
    goals: "Is there a clay class for my son Mika? He's four and a half and loves play-dough.",
  },
  {
    key: "rosa",
    contact: "rosa",
    audience: "adult",
    ageDays: 25,
    owner: "priya",
    steps: [
      ["TRIAGED", 24.5],
      ["QUALIFIED", 23],
      ["BOOKED", 21],
      ["CLOSED", "after-slot", "Loved the intro session; signed up for the monthly membership."],
    ],
    slot: { day: -10, hour: 18, minute: 30, minutes: 90 },
    goals:
      "Recently retired and looking for a new creative habit. I've always admired studio pottery and would like to learn properly, ideally in daytime classes.",
  },
  {
    key: "gideon",
    contact: "gideon",
    audience: "adult",
    ageDays: 22,
    owner: "tom",
    steps: [
      ["QUALIFIED", 21],
      ["BOOKED", 19],
      ["CLOSED", "after-slot", "Came to the refresher session, now a member."],
    ],
    slot: { day: -5, hour: 14, minute: 0, minutes: 90 },
    goals: "Walked in after seeing the window display. Did some throwing at school and wants a refresher before joining open studio.",
  },
  {
    key: "freya",
    contact: "freya",
    audience: "adult",
    ageDays: 20,
    owner: "priya",
    steps: [
      ["TRIAGED", 19.5],
      ["QUALIFIED", 18],
      ["REJECTED", 16, "Wants weekly lessons at her home studio; we don't do home visits. Offered one-to-ones here, she declined."],
    ],
    goals:
      "I have a wheel and a small kiln at home and would like a teacher to come to me once a week for private lessons. Is that something your instructors do?",
  },
  {
    key: "harriet",
    contact: "harriet",
    audience: "teen",
    ageDays: 18,
    owner: "jonah",
    steps: [
      ["TRIAGED", 17],
      ["QUALIFIED", 15.5],
    ],
    goals:
      "Booking for my son Rowan (14), who is autistic and finds big groups hard. Do you offer small-group or one-to-one sessions for teenagers? He loves making things with his hands and is very patient with detail.",
  },
  {
    key: "theo",
    contact: "theo",
    audience: "adult",
    ageDays: 16,
    owner: "tom",
    steps: [
      ["TRIAGED", 15.5],
      ["QUALIFIED", 14],
      ["BOOKED", 12],
    ],
    cancelledSlot: { day: -7, hour: 18, minute: 30, minutes: 90, reason: "Kiln room closed for the element replacement." },
    slot: { day: 6, hour: 10, minute: 0, minutes: 90 },
    goals: "Beginner wheel. I've watched far too many pottery videos and want to finally try it myself.",
  },
  {
    key: "owen",
    contact: "owen",
    audience: "adult",
    ageDays: 15.3,
    steps: [["REJECTED", 15, "SEO spam, not a prospect."]],
    goals:
      "We can get Studio Ordo to page 1 of Google in 30 days!!! Our clients see 300% more bookings. Reply YES for a free audit of your website.",
  },
  {
    key: "dmitri",
    contact: "dmitri",
    audience: "adult",
    ageDays: 14.5,
    owner: "jonah",
    steps: [
      ["QUALIFIED", 13.9],
      [
        "TRIAGED",
        11,
        "He wants a commission (a dinner set for his bistro), not a class. Back to triage until Maya decides whether we take commissions.",
      ],
      ["QUALIFIED", 6, "Maya's happy to take it as a paid commission with Jonah; quote sent."],
    ],
    goals:
      "Runs the bistro on Harbour Street. Asked at the desk about classes, then about whether we could make 40 plates and bowls that look handmade, in a dark speckled glaze.",
  },
  {
    key: "amara",
    contact: "amara",
    audience: "adult",
    ageDays: 13,
    owner: "jonah",
    steps: [
      ["QUALIFIED", 12],
      ["BOOKED", 10],
    ],
    slot: { day: 3, hour: 14, minute: 0, minutes: 60 },
    goals:
      "We spoke at the open-studio evening. I want to get into handbuilding (slab and coil) and would like an intro session before the spring course.",
  },
  {
    key: "bea",
    contact: "bea",
    audience: "adult",
    ageDays: 12.4,
    owner: "priya",
    steps: [["TRIAGED", 11]],
    notes: [
      [6, "priya", "Left a voicemail about the Wednesday beginners' block; no answer yet."],
      [2.5, "priya", "Emailed again with the January timetable."],
    ],
    goals:
      "I'd like to learn pottery as a way to switch off from work. I don't mind whether it's wheel or handbuilding. Wednesday evenings suit me best.",
  },
  {
    key: "lucia",
    contact: "lucia",
    audience: "family",
    ageDays: 11,
    owner: "jonah",
    steps: [
      ["TRIAGED", 10.5],
      ["QUALIFIED", 9],
      ["BOOKED", 7.5],
    ],
    slot: { day: 0, hour: 16, minute: 30, minutes: 60 },
    goals: "Family session for me and my two kids (7 and 10). They want to paint their own plates. Could we do an after-school slot?",
  },
  {
    key: "imogen",
    contact: "imogen",
    audience: "adult",
    ageDays: 10.2,
    owner: "jonah",
    steps: [
      ["TRIAGED", 9.8],
      ["QUALIFIED", 8, "Realistic if she starts the beginners' course in January; Jonah will plan the firings."],
    ],
    goals:
      "I'm getting married in June and I'd love to make the wedding favours myself: around 80 small bud vases, each big enough for a single stem. " +
      "I realise that's ambitious for someone who has done one taster class! Ideally I'd take a course this winter to learn the basics, then book " +
      "open-studio time in the spring to make them, with your help on glazing and firing in batches. Could you tell me whether that's realistic, " +
      "how many firings it would take, and roughly what it might cost? I'm flexible on colour, something soft and speckled.",
  },
  {
    key: "celeste",
    contact: "celeste",
    audience: "adult",
    ageDays: 9.3,
    goals:
      "I was a member a couple of years ago (before I moved to Glasgow) and I'm back in town! Is the Tuesday/Thursday evening open studio still " +
      "running? I'd like to rejoin, and I have a box of bisqueware I never got round to glazing. Can I bring it in?",
  },
  {
    key: "samuel",
    contact: "samuel",
    audience: "adult",
    ageDays: 9.1,
    owner: "tom",
    steps: [
      ["TRIAGED", 8.6],
      ["REJECTED", 7.2, "We don't rent kiln space commercially; pointed him to the co-op on Mill Lane."],
    ],
    goals:
      "I run a small ceramics business and need regular kiln space, roughly two glaze firings a week at cone 6. Would you rent me shelf space on a monthly contract?",
  },
  {
    key: "arjun",
    contact: "arjun",
    audience: "adult",
    ageDays: 8.3,
    owner: "jonah",
    steps: [["TRIAGED", 7.9]],
    notes: [
      [6.5, "jonah", "Spoke on the phone: a good fit for the January glaze lab (cone 6 oxidation, not reduction; he's fine with that)."],
    ],
    goals:
      "Returning to pottery after about ten years away. I threw a lot at university (mostly stoneware, reduction fired) and I've got the itch again. " +
      "What I'd really like is to learn glaze chemistry properly: mixing my own glazes from raw materials, understanding the UMF side of things, " +
      "doing line blends and test tiles rather than buying commercial glazes. Does your glaze workshop cover that, or is it more of an introduction? " +
      "I'd also want some open-studio time to get my throwing back, and I'm happy to pay for a few one-to-ones with whoever runs the kiln.",
  },
  {
    key: "nadia",
    contact: "nadia",
    audience: "adult",
    ageDays: 7,
    owner: "tom",
    steps: [
      ["TRIAGED", 6.5],
      ["QUALIFIED", 4],
    ],
    goals:
      "Would love to do the 6-week wheel course starting in January. I've done two taster sessions elsewhere so I can centre (just about!). Mainly worried about evening availability.",
  },
  {
    key: "sofia",
    contact: "sofia",
    audience: "teen",
    ageDays: 6.1,
    owner: "jonah",
    assignedBy: "workflow",
    goals:
      "I'm 16 and doing A-level art, and I'd like to base my coursework on ceramics (vessel forms, maybe coiling). Do you have anything for teenagers, or could I come to an adult class with my mum?",
  },
  {
    key: "priscilla",
    contact: "priscilla",
    audience: "adult",
    ageDays: 6,
    owner: "tom",
    steps: [
      ["TRIAGED", 5.8],
      ["QUALIFIED", 5],
      ["BOOKED", 4.1],
    ],
    slot: { day: 0, hour: 11, minute: 0, minutes: 90 },
    goals:
      "My sister and I want to do something together for her 40th. A wheel session for two would be perfect. Daytime is fine, we're both off that week.",
  },
  {
    key: "eleanor",
    contact: "eleanor",
    audience: "family",
    ageDays: 5.2,
    owner: "jonah",
    assignedBy: "workflow",
    steps: [["TRIAGED", 4.8]],
    goals:
      "We met you at the Christmas market stall on Sunday. We're a family of four (kids aged 8 and 11) and would love a family handbuilding session in the school holidays, making a set of bowls together. Do you do private family bookings?",
  },
  {
    key: "callum",
    contact: "callum",
    audience: "adult",
    ageDays: 4.5,
    goals:
      "Popped in on Saturday and chatted to Priya. I threw for three years at a community studio in Leeds and just need wheel time and kiln access now that I've moved. Do I need an induction for open-studio membership, and is there a waiting list?",
  },
  {
    key: "kenji",
    contact: "kenji",
    audience: "adult",
    ageDays: 4,
    owner: "priya",
    steps: [
      ["TRIAGED", 3.6],
      ["QUALIFIED", 2.9],
      ["BOOKED", 0.33],
    ],
    slot: { day: 2, hour: 18, minute: 30, minutes: 90 },
    goals: "I'd like to try a one-off evening taster before committing to a course. Any weeknight after 6.",
  },
  {
    key: "tomasz",
    contact: "tomasz",
    audience: "adult",
    ageDays: 3.4,
    owner: "tom",
    steps: [["TRIAGED", 3]],
    goals:
      "Looking for a 6-week beginners' wheel course for me and my partner. It's a birthday present for her (she doesn't know yet!). Weekends would be best. Do you sell vouchers for courses?",
  },
  {
    key: "lottie",
    name: "Lottie Gresham",
    email: "lottie.gresham@example.org",
    source: "referral",
    audience: "adult",
    ageDays: 3,
    owner: "priya",
    steps: [
      ["TRIAGED", 2.1],
      ["QUALIFIED", 0.4, "Confirmed Saturday mornings; deposit link sent."],
    ],
    goals:
      "My friend Ivy did your beginners' course and hasn't stopped talking about it. I'd like to sign up for the next one, Saturday mornings if possible.",
  },
  {
    key: "yara",
    contact: "yara",
    audience: "adult",
    ageDays: 2.2,
    goals:
      "I'm an illustrator and I'd like to make small batches of mugs and plates with my own drawings on them. I'm particularly interested in underglaze transfers and sgraffito. Is there a course on surface decoration, or could I book a few one-to-ones?",
  },
  {
    key: "gabriel",
    name: "Gabriel Ionescu",
    email: "gabi.ionescu@example.com",
    source: "website",
    audience: "adult",
    ageDays: 2,
    owner: "tom",
    steps: [["TRIAGED", 0.7]],
    goals:
      "Can I book kiln space to fire pieces I made at home? About 15 bisqued stoneware pieces, glazed for cone 6. A one-off firing, not a membership.",
  },
  {
    key: "juniper",
    contact: "juniper",
    audience: "kids",
    ageDays: 1.5,
    owner: "jonah",
    assignedBy: "workflow",
    goals:
      "My daughter Ottilie (9) has been obsessed with clay since a school project; our kitchen table is covered in little animals. Do you run an after-school or Saturday morning class for her age? She's left-handed, if that matters for the wheel.",
  },
  {
    key: "marcus",
    contact: "marcus",
    audience: "group",
    groupSize: 12,
    ageDays: 0.5,
    goals:
      "Hi! I'm organising an end-of-year team day for our design studio (12 people, all beginners) and a colleague who did your mug workshop in the " +
      "summer recommended you. We're hoping for a 2–3 hour handbuilding session in the first or second week of December where everyone makes a mug " +
      "or a small planter, glazed and fired afterwards so people can collect them before Christmas. Two of the team use wheelchairs, so step-free " +
      "access and seated work would be essential. Could you let me know what's possible and a rough cost per head? Our budget is around £65 per person.",
  },
  {
    key: "wen",
    contact: "wen",
    audience: "adult",
    ageDays: 0.2,
    goals:
      "Complete beginner here! I'd love to try the wheel. Is there a taster session on a weekday evening? I finish work at 5:30, so anything from 6:30 works.",
  },
];

/** Notes a person adds when moving an enquiry on; picked at random when a step has none of its own. */
export const STEP_NOTES: Partial<Record<IntakeStatus, string[]>> = {
  TRIAGED: [
    "Replied with the timetable and prices.",
    "Genuine beginner enquiry; fits the Tuesday evening block.",
    "Phoned, good chat. Prefers weekends.",
  ],
  QUALIFIED: ["Confirmed dates and budget; ready to book.", "Watched the safety video, keen to start next term."],
  BOOKED: ["Intro session booked and confirmation sent.", "Booked in; reminder goes out the day before."],
};

export const CREATION_NOTES: Record<string, string> = {
  website: "Submitted through the website enquiry form.",
  referral: "Submitted through the website form (referred by a friend).",
  instagram: "Imported from an Instagram DM.",
  "walk-in": "Entered at the front desk.",
  event: "Signed up at a studio event.",
};
