"""Red-flag rules: what, said about someone now, needs the emergency number or a crisis line.

Each rule is a category and regular expressions over normalised text (lower case, no
apostrophes, typos corrected, clause breaks as "|"). Patterns are written for everyday wording;
the gate (engine.safety.gate) then discards matches that are negated ("no chest pain"), in the
past ("a seizure 5 years ago"), hypothetical ("if someone"), or general questions with no person
in them ("What are the warning signs of a stroke?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Shared pieces.
W = r"(?:\w+ ){0,4}?"  # up to four words in between
NOT_ABLE = r"(?:cant|cannot|can not|couldnt|unable to|struggling to|trouble|difficulty|hard to|hard time)"
SEVERE = r"(?:severe|severely|really bad|very bad|terrible|horrible|unbearable|excruciating|extreme|intense|worst)"
ONE_SIDE = r"(?:left|right|one) side"
ALLERGEN = (r"(?:peanuts?|nuts?|shellfish|shrimp|bee|wasp|sting|stung|penicillin|antibiotic|allerg\w*|"
            r"ate|eating|food|medicine|injection|shot)")
DRUGS = (r"(?:pills?|tablets?|capsules?|meds|medicines?|medication|tylenol|acetaminophen|paracetamol|"
         r"ibuprofen|advil|motrin|aspirin|insulin|oxycodone|oxy|opioids?|fentanyl|heroin|xanax|valium|"
         r"benzos?|sleeping pills|antidepressants?|lithium|iron|vitamins|morphine|percocet|tramadol|"
         r"benadryl|methadone|gabapentin|adderall|edibles|alcohol)")
INFANT = (r"(?:\b(?:[1-9]|1[0-2]) ?(?:week|wk)s? olds?|\b(?:[1-9]|[1-8][0-9]) ?days? olds?|"
          r"\b(?:1|2|one|two) ?months? olds?|\b(?:newborn|new born|neonate))")
FEVER = r"(?:fever\w*|temp|temperature|feels? hot|burning up|3[89](?:\.\d)?|4[01](?:\.\d)?|10[0-5](?:\.\d)?)"
PREGNANT = r"(?:pregnant|pregnancy|weeks along|months along|expecting|trimester)"
BURN = r"(?:burn|brun|bunr|scald)\w*"
CHEST = r"(?:chest|breastbone|breast bone|sternum|ribcage|rib cage)"
BREATH = r"(?:breath|breth|breathe|breathing)\w*"


@dataclass(frozen=True)
class RedFlag:
    category: str
    reason: str
    patterns: tuple[re.Pattern[str], ...]


def _rule(category: str, reason: str, *patterns: str) -> RedFlag:
    return RedFlag(category, reason, tuple(re.compile(p) for p in patterns))


RULES: tuple[RedFlag, ...] = (
    _rule("chest_pain", "chest pain or pressure",
          r"\b(?:it|pain|pressure|ache|tightness) (?:\w+ ){0,3}(?:goes|going|spread\w*|radiat\w*|shoot\w*|mov\w*) (?:\w+ ){0,3}(?:arm|jaw|shoulder|neck|back)",
          r"\b(?:chest|breastbone|sternum) (?:\w+ ){0,2}killing (?:me|him|her)|\bclammy (?:[\w|]+ ){0,6}(?:short of breath|chest)",
          rf"\b{CHEST} {W}(?:pain\w*|hurts?|hurting|pressure|tight\w*|squeez\w*|crush\w*|heav\w*|ache\w*|aching|burning|discomfort|pounding|on fire)",
          rf"\b(?:pain|pressure|tight|squeez|crush|heav|weight|hurt|ach)\w* (?:\w+ ){{0,5}}{CHEST}",
          rf"\b(?:grabb|clutch|holding|gripping)\w* (?:\w+ ){{0,2}}{CHEST}|\belephant (?:\w+ ){{0,3}}(?:sitting|standing|on)",
          r"\b(?:heart attack|cardiac arrest)\b(?! (?:scene|movie|risk))",
          r"\bpain\w* (?:\w+ ){0,3}(?:spread\w*|radiat\w*|going|shoot\w*|mov\w*) (?:\w+ ){0,3}(?:arm|jaw|shoulder|neck|back)"),
    _rule("stroke", "signs of a stroke (face, arm, speech)",
          r"\blopsided\b|\blips look (?:funny|weird|wonky)|\b(?:isnt|not) making (?:any )?sense\b|\b(?:now|suddenly|all) (?:\w+ )?muddled\b",
          r"\btalking (?:gibberish|nonsense|funny|weird|jumbled)|\bgibberish\b|\bdrool\w* (?:\w+ ){0,3}one side|\bone side of (?:his|her|my|their|the) (?:mouth|face)",
          r"\b(?:face|mouth|smile|lip|eyelid)s? (?:\w+ ){0,3}(?:droop\w*|sag\w*|crooked|lopsided|uneven|numb|drop\w*|slant\w*)",
          rf"\b(?:droop\w*|sag\w*|numb\w*) (?:\w+ ){{0,3}}(?:face|mouth|smile|{ONE_SIDE})",
          rf"\b{ONE_SIDE} (?:\w+ ){{0,4}}(?:weak\w*|numb\w*|paraly\w*|limp|dead|tingl\w*|wont work|not working|cant move|droop\w*)",
          rf"\b(?:weak\w*|numb\w*|paraly\w*|tingl\w*) (?:\w+ ){{0,3}}(?:{ONE_SIDE}|left (?:arm|leg|hand)|right (?:arm|leg|hand))",
          rf"\b(?:cant|cannot|unable to|no|lost) (?:feel\w*|feeling) (?:\w+ ){{0,3}}(?:{ONE_SIDE}|arm|leg|face|hand)",
          rf"\b{NOT_ABLE} (?:\w+ ){{0,2}}(?:lift|raise|move|feel|hold up|grip|use) (?:\w+ ){{0,2}}(?:arm|leg|hand)",
          r"\b(?:arm|leg|hand) (?:\w+ ){0,2}(?:is |went |has gone |just )?(?:limp|wont work|not working|paralyzed|useless|wont move|cant move)",
          r"\bsudden\w* (?:\w+ ){0,3}(?:weak|numb)\w* (?:\w+ ){0,3}(?:arm|leg|hand|face|side)",
          r"\bslurr\w*|\bspeech (?:\w+ ){0,2}(?:slur\w*|garbled|strange|weird|funny|off|jumbled)",
          rf"\b{NOT_ABLE} (?:\w+ ){{0,2}}(?:talk\w*|speak\w*|get (?:his |her |my |the )?words out|find (?:the |his |her |my )?words|form words)",
          r"\b(?:words|talking|speaking|speech) (?:\w+ ){0,3}(?:jumbled|garbled|nonsense|not making sense|wrong)",
          r"\b(?:having|had|think\w*|is (?:this|it)|might be|could be|maybe|signs? of) (?:\w+ ){0,3}(?:a )?(?:stroke|mini stroke|tia)\b",
          r"\b(?:stroke|mini stroke)\b (?:\w+ ){0,3}(?:right now|now|happening|just)",
          r"\bsudden\w* (?:\w+ ){0,2}(?:lost|loss of|cant see|blind\w*|double vision) (?:\w+ ){0,3}(?:vision|sight|see|eye)?"),
    _rule("breathing", "severe trouble breathing",
          r"\bgasping\b|\bgetting (?:one|two|a few|2) words out|\bdusky\b|\b(?:puffer|inhaler) (?:\w+ ){0,3}(?:isnt|not|wont) (?:touching|working|helping)|\b(?:stopping|stops|stopped) breathing\b|\bhigh pitched noise (?:\w+ ){0,4}breath\w*|\bstridor\b",
          r"\b(?:going|turning|gone|turned) (?:blue|purple|grey|gray)\b|\bcant (?:pull|get|suck) (?:any )?(?:air|a breath)|\bdrowning on (?:dry )?land|\b(?:fingertips|fingers|nails|lips) (?:\w+ ){0,2}(?:going|turning|are|look) (?:blue|purple|grey|gray)",
          rf"\b{NOT_ABLE} (?:\w+ ){{0,2}}(?:breathe?|breathing|breath|catch (?:\w+ )?breath|get (?:\w+ )?(?:air|breath)|inhale)",
          r"\b(?:not|stopped|isnt|wasnt|quit) breathing\b",
          r"\b(?:gasping|choking|struggling|fighting) (?:\w+ ){0,2}(?:for )?(?:air|breath)",
          rf"\b(?:{SEVERE}|sudden\w*|very|really) short(?:ness)? of breath",
          r"\bshort(?:ness)? of breath (?:\w+ ){0,4}(?:at rest|resting|sitting|lying|talking|worse|getting worse|cant|blue|chest)",
          r"\b(?:breathing|breaths?) (?:\w+ ){0,3}(?:(?:very|so|really|super) fast|labou?red|shallow|rattl\w*|grunt\w*)",
          rf"\bshort(?:ness)? of {BREATH} (?:\w+ ){{0,4}}(?:so bad|really bad|very bad|severe|cant|at rest|getting worse|sitting|resting|lying|still)",
          r"\b(?:high pitched|whistl\w*|stridor|noisy|grunt\w*) (?:\w+ ){0,4}(?:breath\w*|noise)",
          r"\bwheez\w* (?:\w+ ){0,3}(?:so bad|severe|worst|cant|barely)",
          r"\bnostrils? (?:\w+ ){0,2}flar\w*",
          r"\b(?:inhaler|nebuli[sz]er|puffer) (?:\w+ ){0,3}(?:not|isnt|doesnt|didnt|wont|cant) (?:\w+ ){0,2}(?:work\w*|help\w*)",
          r"\bribs? (?:\w+ ){0,3}(?:suck\w*|pull\w*) in"),
    _rule("bleeding", "severe bleeding",
          r"\bpumping out\b|\bwont stop after\b|\bcoffee grounds\b|\bbright red blood\b (?:[\w|]+ ){0,6}(?:a lot|keeps|wont stop)|\bspitting (?:out )?(?:\w+ ){0,2}blood\b|\bbleeding like mad\b|\bhanging off\b",
          r"\bgushing\b|\bsoak\w* (?:\w+ ){0,2}(?:through|thru) (?:\w+ ){0,2}(?:towels?|rags?|pads?|bandages?)|\bbleeding like crazy|\b(?:poop|poo|stool|stools) (?:\w+ ){0,2}(?:black|tarry)|\btarry\b",
          r"\b(?:bleed\w*|blood) (?:\w+ ){0,5}(?:wont|will not|doesnt|does not|not|cant|cannot|isnt|never) (?:\w+ )?(?:stop\w*|slow\w*)",
          rf"\b(?:heavy|heavily|{SEVERE}|lots of|a lot of|alot of|so much|pouring|gushing|spurting|squirting|soaking|pooling|massive|profuse\w*) (?:\w+ ){{0,2}}(?:bleed\w*|blood)",
          r"\bbleed\w* (?:\w+ ){0,2}(?:heavily|badly|a lot|alot|so much|everywhere|profusely|through)",
          r"\b(?:cough\w*|vomit\w*|throw\w* up|puk\w*|spit\w*) (?:\w+ ){0,2}blood",
          r"\bblood (?:\w+ ){0,2}(?:everywhere|all over|soak\w* through|spurt\w*|gush\w*|pour\w*|pool\w*)",
          r"\bsoak\w* (?:\w+ ){0,2}through\b|\b(?:wont|will not|doesnt|cant|not) stop (?:\w+ )?bleed\w*",
          r"\bbleed\w* (?:[\w|]+ ){0,8}(?:\d+|twenty|thirty|forty) ?(?:min|mins|minutes)\b",
          r"\b(?:deep|gaping|huge|large) (?:\w+ ){0,2}(?:cut|wound|gash|laceration)\b(?:.*\b(?:bone|fat|wont close|gaping|deep))?",
          r"\b(?:severed|cut off|amputat\w*) (?:\w+ ){0,2}(?:finger|toe|hand|arm|leg)"),
    _rule("anaphylaxis", "signs of a severe allergic reaction (anaphylaxis)",
          r"\bvoice (?:has )?gone (?:croaky|hoarse)|\bcovered in (?:welts|hives)|\blips (?:are )?huge\b|\bthroats? (?:is |going |gone )?tight\b|\b(?:stung|sting|shrimp|prawns?|shellfish|nuts?|walnuts?|peanuts?|sesame|penicillin)\b (?:[\w|]+ ){0,10}(?:lips|throat|croaky|hoarse|keel over|welts|hives|wheez\w*)",
          r"\b(?:lips|eyes|face|tongue|throat) (?:\w+ ){0,3}(?:blowing up|swell\w*|puff\w*) (?:[\w|]+ ){0,8}(?:dizzy|breath\w*|throat|faint\w*|meds|medicine|ate|sting|stung)",
          r"\banaphyla\w*",
          r"\b(?:throat|tongue|lips?|face|mouth|eyes) (?:\w+ ){0,3}(?:swell\w*|swollen|closing|clos\w* up|tight\w*|puff\w*|itchy and tight)",
          r"\btongue (?:\w+ ){0,3}(?:huge|big|thick|itch\w*|tingl\w*|numb)",
          r"\b(?:swell\w*|swollen) (?:\w+ ){0,3}(?:throat|tongue|lips?|face|mouth)",
          r"\ballergic (?:\w+ ){0,4}(?:breath\w*|throat|swell\w*|swollen|wheez\w*|faint\w*|dizzy|hives all over|collaps\w*)",
          rf"\b{ALLERGEN} (?:\w+ ){{0,6}}(?:throat|tongue) (?:\w+ ){{0,2}}(?:itch\w*|tight\w*|swell\w*|clos\w*)",
          r"\b(?:used|use|gave|give|need\w*|needs) (?:\w+ ){0,3}(?:epipen|epi pen|epinephrine|adrenaline)\b(?! (?:expire|work|store|keep|carry))",
          r"\bhives (?:\w+ ){0,3}(?:all over|everywhere) (?:\w+ ){0,4}(?:breath\w*|dizzy|faint\w*|throat|swell\w*)",
          r"\b(?:stung|sting|bee|wasp|hornet|peanut\w*|nuts?|shellfish|allerg\w*) (?:[\w|]+ ){0,12}(?:dizzy|faint\w*|hoarse|throat|wheez\w*|cant breath\w*|passing out)"),
    _rule("unconscious", "someone unconscious, unresponsive or collapsed",
          r"\bfound (?:\w+ ){0,3}on the (?:\w+ )?(?:floor|ground)|\bcant (?:rouse|wake)\b|\bnot (?:answering|responding)\b|\bslumped\b",
          r"\b(?:unconscious|unresponsive|unresponding|passed out|passing out|blacked out|knocked out|fainted|fainting|collapsed|collapsing|keeled over)\b",
          r"\b(?:wont|will not|cant|cannot|not|isnt|hard to|difficult to|barely) (?:\w+ ){0,2}(?:wake\w*|waking|respond\w*|come to|awake|conscious)\b",
          r"\b(?:found|lying|fell) (?:\w+ ){0,3}(?:floor|ground) (?:\w+ ){0,4}(?:not|wont|unrespon\w*|cant wake)",
          r"\b(?:no pulse|not breathing|stopped breathing|turned blue|going limp|went limp|is limp)\b"),
    _rule("seizure", "a seizure",
          r"\bstiff and jerk\w*|\bstill (?:doing it|jerking|fitting)\b",
          r"\bwent stiff (?:[\w|]+ ){0,4}(?:jerk\w*|shak\w*)|\bjerking\b|\bfits? one after another|\bhaving (?:a )?fits?\b",
          r"\b(?:seizure|seizures|seizing|convuls\w*|fitting|having a fit|epileptic fit)\b",
          r"\b(?:had|having|has|have) a fit\b|\bfoam\w* at the mouth",
          r"\bfit (?:\w+ ){0,2}(?:lasted|lasting|going on|gone on|started|wont stop|for \d+)",
          r"\b(?:fit|seizure|shaking|jerking|convuls\w*) (?:\w+ ){0,4}(?:\d+|five|ten) ?(?:min|mins|minutes)\b",
          r"\b(?:shaking|jerking|twitching|stiff\w*) (?:[\w|]+ ){0,6}(?:uncontroll\w*|all over|whole body|wont respond|unrespons\w*|eyes (?:\w+ )?roll\w*|foam\w*)",
          r"\b(?:fell|collapsed|dropped) (?:[\w|]+ ){0,4}(?:shaking|jerking|twitching|stiff)",
          r"\beyes (?:\w+ ){0,2}roll\w* (?:back|up)"),
    _rule("suicide_self_harm", "thoughts of suicide or self-harm",
          r"\btexted (?:me )?goodbye\b|\bleast painful way\b|\bletters to my (?:kids|family|children)\b|\bmade my mind up\b|\bgarage with the (?:car|engine) running\b|\bplan to end it\b|\bend it (?:all|this weekend|tonight)\b|\bbought (?:a )?rope\b",
          r"\b(?:rope|noose) (?:\w+ ){0,3}(?:up|ready|tied|set up)\b",
          r"\bsuicid\w*",
          r"\bkms\b|\bkys\b|\bunaliv\w*|\b(?:cant|dont want to) go on\b",
          r"\bwant\w* to (?:dis+ap+ear|vanish|not exist|sleep forever|never wake)|\bpills (?:\w+ ){0,2}(?:lined up|ready|saved up|stockpiled)",
          r"\b(?:ki+l+|hurt|harm|cut|burn|shoot|hang|drown|poison|end)\w* (?:\w+ ){0,1}(?:myself|himself|herself|themselves|themself|my self)\b",
          r"\b(?:end\w* (?:it all|my life|his life|her life|things|everything)|take my (?:own )?life|not be here anymore|better off dead|better off without me|no reason to live|nothing to live for|(?:point|reason) (?:of|in|to|for) (?:\w+ )?living)\b",
          r"\b(?:bridge|roof|ledge|building|cliff|balcony|tracks)\b (?:[\w|]+ ){0,8}jump|\bjump\w* (?:[\w|]+ ){0,6}(?:bridge|building|roof|train|cliff|balcony|ledge|tracks)",
          r"\b(?:cut|cutting|burn\w*|hurt\w*|hit\w*) (?:\w+ ){0,3}(?:on purpose|deliberately)|\bcut (?:my|his|her) wrists?\b",
          r"\b(?:want|wants|wanna|going|plan\w*|ready) (?:\w+ ){0,2}(?:to )?die\b",
          r"\b(?:dont|do not|doesnt) (?:\w+ ){0,1}(?:want|wanna) (?:\w+ ){0,1}(?:to )?(?:live|be alive|wake up|exist|be here)",
          r"\bhow many (?:\w+ ){0,3}(?:would it take|to die|to not wake|to never wake|is lethal|are lethal|would kill)",
          r"\b(?:lethal|deadly|fatal) (?:dose|amount)\b",
          r"\bself (?:harm\w*|injur\w*)|\bcutting (?:myself|again)\b"),
    _rule("overdose_poisoning", "possible overdose or poisoning",
          r"\bneedle (?:[\w|]+ ){0,6}(?:pupils|barely breathing|not breathing|blue)|\b(?:tiny|pinpoint) pupils\b|\bcharcoal (?:[\w|]+ ){0,8}(?:inside|tent|indoors)|\b(?:inside the tent|indoors) (?:[\w|]+ ){0,10}(?:headaches|throwing up)|\bhalf a bottle\b|\b(?:ate|took|swallowed) (?:\w+ ){0,3}(?:half|most) (?:of )?(?:a|the) (?:bottle|packet|box)",
          r"\b(?:gas heater|heater|generator|furnace|boiler|grill|charcoal) (?:[\w|]+ ){0,10}(?:headache\w*|throwing up|vomit\w*|dizzy|sleepy)|\b(?:headache\w*|throwing up|vomit\w*) (?:[\w|]+ ){0,10}(?:gas heater|heater|generator|furnace|boiler)|\bcarbon monoxide\b",
          r"\boverdos\w*|\bod(?:ed|d|)\b on\b|\bpoison\w*(?! ivy| oak)",
          rf"\b(?:took|taken|swallowed|ate|eaten|drank|drunk|had|chewed|ingested|downed|popped|gave|given|accidentally) (?:\w+ ){{0,4}}(?:too many|too much|whole bottle|entire bottle|whole pack|handful|bunch of|all (?:of )?(?:my|the|his|her|their)) (?:\w+ ){{0,2}}{DRUGS}?",
          rf"\b(?:took|taken|swallowed|ate|drank|had|ingested|popped) (?:\w+ ){{0,2}}(?:[2-9]\d|1[0-9]|\d{{3}}) (?:\w+ ){{0,2}}{DRUGS}",
          r"\b(?:double|triple|extra) (?:\w+ ){0,2}(?:dose|insulin) (?:[\w|]+ ){0,6}(?:shaky|confus\w*|dizzy|sweaty|faint\w*|drowsy|sleepy|vomit\w*|passed out)",
          rf"\b(?:took|taken|gave|given|had) (?:\w+ ){{0,4}}{DRUGS} (?:\w+ ){{0,2}}(?:twice|double|two times|three times|by mistake|by accident|accidentally)",
          r"\bmix\w* (?:\w+ ){0,3}(?:and|with) (?:\w+ ){0,1}(?:alcohol|drinking|opioids?|xanax|benzos?|pills)",
          r"\bcarbon monoxide\b|\bco (?:alarm|detector)\b|\bsmell\w* gas\b",
          r"\b(?:swallowed|drank|drunk|ate|eaten|ingested|chewed|licked|sucked on|got into|sprayed) (?:\w+ ){0,4}(?:bleach|antifreeze|cleaner|cleaning|detergent|laundry pod|tide pod|pods?|button battery|batteries|battery|rat poison|pesticide|weed killer|drano|lye|chemicals?|gasoline|petrol|kerosene|lamp oil|paint thinner|nail polish remover|mouthwash|mushrooms?|berries|plant|cigarettes?|nicotine|vape juice|e liquid|washer fluid|windshield|lighter fluid|brake fluid|essential oil|hand sanitizer|magnets?|dishwasher|tablets|pills|medicine)",
          r"\b(?:toddler|baby|child|kid|son|daughter|grandson|granddaughter) (?:\w+ ){0,2}(?:swallowed|drank|ingested|got into|ate some|ate a|ate the|chewed on)\b(?!.*\b(?:toothpaste|a little|small amount|tiny bit|a bit)\b)"),
    _rule("burns", "a serious burn",
          r"\bblister\w* (?:from|all over)\b|\bblistering\b|\b(?:chip pan|kettle|cuppa|tea|coffee|curling tongs|iron|grill|oven) (?:[\w|]+ ){0,8}(?<!no )blister\w*|\bskin peeling off\b|\bsinged\b",
          rf"\b{BURN} (?:[\w|]+ ){{0,12}}(?:big|bigger|large|larger|huge|deep|white|leathery|black|charred|waxy|numb|all over|whole|face|eyes?|genitals|chest|blister\w* (?:\w+ ){{0,3}}(?:big|large|huge|deep))",
          rf"\b(?:{SEVERE}|bad|large|big|huge|deep|third degree|3rd degree|second degree|2nd degree|chemical|acid|electrical|electric) (?:\w+ ){{0,2}}{BURN}",
          rf"\b{BURN} (?:\w+ ){{0,3}}(?:all across|across (?:my|his|her|the) (?:back|chest|legs?|arms?|stomach|belly)|everywhere)",
          r"\b(?:boiling|scalding|hot) (?:water|oil|grease|coffee|tea) (?:[\w|]+ ){0,8}(?:face|chest|body|all over|large|whole|legs?|arms?|back|baby|toddler|blister\w*)",
          r"\b(?:electrocuted|electric shock|electrical shock|struck by lightning|live wire|power line|electrical wire)\b",
          r"\b(?:acid|bleach|lye|chemical|cleaner|ammonia|pepper spray|drano) (?:[\w|]+ ){0,8}(?:eyes?|skin|face|burn\w*|blister\w*)",
          r"\b(?:splash\w*|sprayed|squirted) (?:[\w|]+ ){0,4}(?:eyes?|face) (?:[\w|]+ ){0,4}(?:cleaner|bleach|acid|chemical|lye|ammonia)",
          r"\b(?:blister\w*|skin (?:\w+ ){0,2}peel\w*) (?:[\w|]+ ){0,8}(?:fire|flames?|explosion)",
          r"\b(?:fire|flames?) (?:\w+ ){0,4}(?:burned|burnt|caught)|\bcaught (?:on )?fire\b|\bclothes (?:\w+ ){0,2}fire"),
    _rule("infant_fever", "fever in a baby under 3 months",
          r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:week|wk)s? olds?\b (?:[\w|.]+ ){0,10}(?:fever\w*|temp|temperature|hot|burning up|3[89](?:\.\d)?|10[0-5](?:\.\d)?)",
          r"\bbaby (?:\w+ ){0,2}(?:[1-9]|1[0-2]) ?(?:weeks?|wks?)\b (?:[\w|]+ ){0,8}(?:fever\w*|temp|temperature|feels? hot|burning up|3[89](?:\.\d)?|4[01](?:\.\d)?|10[0-5](?:\.\d)?)",
          rf"{INFANT} (?:[\w|]+ ){{0,10}}{FEVER}",
          rf"{FEVER} (?:[\w|]+ ){{0,10}}{INFANT}"),
    _rule("pregnancy", "an emergency sign in pregnancy",
          r"\bhavent felt (?:\w+ ){0,2}(?:kick|move)\w*|\bwaters (?:just )?(?:went|gone)\b|\bonly \d{2} weeks\b|\bpositive test (?:[\w|.]+ ){0,12}(?:one side|shoulder tip|faint\w*)|\bmonths gone\b (?:[\w|.]+ ){0,12}(?:pain|bleed\w*|hard)|\bbump is (?:rock )?hard\b|\btrickle of (?:clear )?fluid\b",
          rf"\b{PREGNANT} (?:[\w|]+ ){{0,20}}(?:bleed\w*|blood|gush\w*|water broke|leak\w* fluid|soak\w*|faint\w*|dizzy|sharp (?:\w+ )?pain|shoulder tip|{SEVERE} (?:\w+ )?(?:pain|cramp\w*|headache)|bad (?:\w+ ){{0,3}}(?:pain|cramps)|cant see|blurry|vision|seeing spots|flashing lights|pounding (?:\w+ )?headache|seizure|baby (?:\w+ ){{0,2}}(?:not|stopped|isnt|hasnt|less|fewer) (?:\w+ ){{0,2}}(?:mov\w*|kick\w*)|(?:no|less|fewer|not feeling|stopped) (?:\w+ ){{0,2}}(?:movement|movements|kicks|moving|kicking))",
          rf"\b(?:bleed\w*|blood|{SEVERE} (?:\w+ )?(?:pain|cramp\w*)|water broke|baby (?:\w+ ){{0,2}}(?:not|stopped|isnt) (?:\w+ ){{0,2}}(?:mov\w*|kick\w*)) (?:\w+ ){{0,10}}{PREGNANT}",
          r"\b(?:baby|babys|the baby) (?:\w+ ){0,3}(?:stopped|not|hasnt|isnt|less|fewer|barely) (?:\w+ ){0,2}(?:mov\w*|kick\w*)",
          r"\b(?:havent|hasnt|not|no|stopped|cant|didnt) (?:\w+ ){0,2}(?:felt|feel|feeling)? ?(?:the |my )?baby (?:\w+ ){0,2}(?:move|moving|kick\w*)",
          r"\bbaby (?:\w+ ){0,2}(?:moving|kicking|movements?) (?:\w+ ){0,2}(?:less|fewer|slower|stopped|not)",
          r"\bwaters? (?:broke|breaking|has broken|have broken|just broke)\b"),
    _rule("other_emergency", "an emergency sign",
          r"\bcracked (?:his|her|my|their) head\b|\basking the same questions?\b|\bzapped by the mains\b|\belectric shock\b|\belectrocut\w*|\bout of the pool\b (?:[\w|]+ ){0,10}(?:sleepy|coughing|drowsy)|\bsweaty and muddled\b|\bwont take (?:any )?sugar\b",
          r"\b(?:shak\w*|sweat\w*|confus\w*) (?:[\w|.]+ ){0,12}(?:sugar|glucose|bg|bs) (?:\w+ ){0,3}(?:[1-5]\d|[0-2]\.\d)\b",
          r"\bnot sweating\b|\bburning hot (?:[\w|]+ ){0,6}confus\w*",
          r"\b(?:belly|stomach|abdomen|tummy) (?:\w+ ){0,3}(?:hard as a (?:board|rock)|rigid)\b",
          r"\b(?:bp|blood pressure) (?:\w+ ){0,3}(?:really|very|super|dangerously) low\b|\bgot the shakes (?:[\w|]+ ){0,6}confus\w*|\bconfus\w* (?:[\w|]+ ){0,6}breathing (?:really |very )?fast",
          # a racing heart with fainting or chest symptoms, a heart "about to explode"
          r"\bheart (?:\w+ ){0,3}(?:racing|pounding|beating (?:so |really |very |super )?(?:fast|hard)|going (?:so |really |super )?fast|going crazy|fluttering|jumping|skipping) (?:[\w|.]+ ){0,12}(?:pass out|passing out|faint\w*|black\w* out|dizzy|lightheaded|chest|cant breathe|short of breath|explod\w*)",
          r"\b(?:pass out|passing out|faint\w*|black\w* out) (?:[\w|.]+ ){0,12}heart (?:\w+ ){0,3}(?:racing|pounding|fast)",
          r"\b(?:heart rate|pulse|heart|hr) (?:\w+ ){0,3}(?:1[6-9]\d|2\d\d)\b|\bheart (?:\w+ ){0,5}(?:explod\w*|beat out of|jump out of|pound out of)",
          # severe low blood sugar: a low reading or "low sugar" with shaking, sweating, confusion
          r"\b(?:blood )?(?:sugar|glucose|bg|bs|levels?)\b (?:[\w|.]+ ){0,3}(?:[1-5]\d|[0-2]\.\d)\b (?:[\w|.]+ ){0,12}(?:shak\w*|sweat\w*|confus\w*|dizzy|passing out|faint\w*|cant think|slurr\w*|wont wake|not making sense|acting drunk)",
          r"\bworst (?:\w+ ){0,2}headache|\bheadache (?:\w+ ){0,2}worst|\bheadache (?:[\w|]+ ){0,4}(?:out of nowhere|like a thunderclap|hit me like)|\bthunderclap|\bsudden\w* (?:\w+ ){0,2}(?:severe|terrible|explosive|excruciating) headache",
          r"\b(?:hit|hurt|bang\w*|injur\w*|fell on|struck) (?:\w+ ){0,3}head\b (?:[\w|]+ ){0,10}(?:vomit\w*|throw\w* up|puk\w*|out of it|confus\w*|drowsy|sleepy|passed out|unconscious|seizure|blood|fluid|slurr\w*|pupils?|cant remember|acting drunk|not making sense)",
          r"\b(?:is|are|was|hes|shes|im|keeps|started|currently) chok\w*|\bchok\w* on\b(?! (?:my|his|her) (?:words|tears))|\bchok\w* (?:\w+ ){0,2}(?:cant|cannot|unable) (?:\w+ ){0,2}(?:cough|breathe?|talk|speak)",
          r"\bstiff neck (?:[\w|]+ ){0,6}(?:fever|rash|headache|spots)|\b(?:fever|rash|spots) (?:[\w|]+ ){0,6}stiff neck",
          r"\b(?:rash|spots) (?:\w+ ){0,5}(?:doesnt|does not|wont|dont|do not|not) (?:fade|go away|blanch)|\bglass test\b|\bunder a glass\b",
          r"\b(?:lips?|face|skin|fingers?|nails) (?:\w+ ){0,2}(?:is |are |look\w* |turn\w* |went |gone )?(?:blu\w*|purpl\w*|gr[ae]y\w*)\b",
          r"\bsudden\w* (?:\w+ ){0,2}confus\w*|\b(?:very|really|suddenly) (?:confused|disoriented)\b",
          r"\b(?:bone|bones) (?:\w+ ){0,2}(?:sticking|poking|coming) out",
          r"\btesticle\w* (?:[\w|]+ ){0,4}(?:sudden|severe|swollen|twist\w*)|\b(?:sudden|severe) (?:\w+ ){0,5}testic\w*",
          r"\b(?:heat ?stroke|stopped sweating)\b",
          r"\b(?:1[89]\d|2\d\d) ?(?:/|over) ?(?:1[2-9]\d|[2-9]\d\d)\b (?:\w+ ){0,10}(?:headache|chest|vision|confus\w*|numb\w*|short of breath)",
          r"\bhigh blood sugar (?:\w+ ){0,6}(?:confus\w*|vomit\w*|fruity|breath\w*)|\blow blood sugar (?:\w+ ){0,6}(?:confus\w*|passed out|wont|unconscious|seizure)",
          r"\b\w*(?:snake|spider|scorpion)\w* (?:\w+ ){0,2}(?:bite|bit|bitten|sting|stung)|\b(?:bit|bitten|stung) by (?:a |an )?(?:\w+ )?\w*(?:snake|spider|scorpion)",
          r"\b(?:call|calling|dial|ring) (?:911|999|112|000|an ambulance|ambulance|emergency services)\b|\bis (?:this|it) an emergency\b",
          r"\bdrown\w* (?:\w+ ){0,3}(?:pool|water|lake|sea|ocean|bath|tub|river)|\b(?:nearly|almost) drowned\b|\bpulled (?:\w+ ){0,2}(?:from|out of) (?:the )?(?:water|pool|lake)"),
)


def vocabulary() -> set[str]:
    """Every word the rules spell out: typos are corrected towards these."""
    words: set[str] = set()
    for rule in RULES:
        for pattern in rule.patterns:
            source = re.sub(r"\\[a-z]", " ", pattern.pattern)  # drop \b, \w, \d
            words.update(w for w in re.findall(r"[a-z]{4,}", source))
    return words
