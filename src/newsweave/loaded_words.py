"""A lexicon of loaded words: words whose choice judges what they name, written for newsweave from
general knowledge of news language (no list was copied; nothing is downloaded).

Entries are lemmas in lower case (spaCy's lemma: "slammed" -> "slam"), each group read for one part
of speech only, so that "claims" the noun or "attack" the event never count:

- :data:`SAYING_VERBS`: verbs of saying or reacting that judge the speaker or the words ("slammed"
  where another outlet writes "said", "touted" for "announced", "scoffed" for "replied");
- :data:`ACTION_VERBS`: verbs that cast an action as forceful, sly or harmful ("rammed",
  "gutted", "torpedoed"), or a change as extreme ("skyrocketed");
- :data:`PHRASAL_VERBS`: verb and particle ("lash out", "double down", "cave in");
- :data:`IDIOMS`: figurative phrases ("take a swipe", "pour cold water", "power grab");
- :data:`JUDGING_ADJECTIVES`: adjectives, and participles used as adjectives, of judgement or intensity;
- :data:`JUDGING_ADVERBS`: adverbs of manner, demeanour, intensity or stance ("angrily", "conveniently");
- :data:`JUDGING_NOUNS`: nouns that label rather than describe ("scandal", "tirade", "payback").

Left out on purpose: words with a common neutral sense in news ("claim", "insist", "warn", "accuse",
"allegedly", "attack", "kill", "victory", "crisis", "illegal"): they report what happened or what was
said, and flagging them buries the judgements a reader wants to see.
"""
from __future__ import annotations

SAYING_VERBS = frozenset("""
irk rankle gall chafe balk recoil cringe wince gasp sigh scold snipe carp nag harp badger
hector browbeat lecture moralize blame-shift obfuscate fudge weasel wriggle renege fib bluff brag swagger
grandstand hype oversell trash-talk gush swoon cheerlead
slam blast rip lash bash deride mock ridicule decry denounce lambaste excoriate berate scold chide rebuke
castigate chastise assail savage skewer pillory harangue tout boast brag crow gloat trumpet rail rage fume
seethe bristle grumble gripe whine bemoan moan groan scoff sneer jeer taunt heckle snipe snap snarl bark
growl thunder bellow shout yell scream shriek screech hail laud extol gush rave fawn flatter grovel
implore beseech lecture preach sermonize pontificate ramble rant blather spout parrot peddle hype
downplay belittle deflect dodge duck evade sidestep stonewall backpedal backtrack waffle flip-flop
equivocate quip jab needle goad bait smear vilify demonize scapegoat disparage denigrate malign slander
libel insult troll badmouth bad-mouth sputter stammer bluster blurt splutter mutter whimper wail howl
""".split())

ACTION_VERBS = frozenset("""
barrel plow plough  swarm besiege   rampage ransack loot trample stomp
squash quash smother stifle strangle choke throttle suffocate decimate obliterate annihilate demolish
eviscerate shred shatter ravage maul gouge fleece bilk gouge milk exploit extort blackmail bribe
manipulate brainwash indoctrinate radicalize coddle pamper  stiff shortchange shaft betray
backstab double-cross  blindside ambush sucker-punch snooker outfox outmaneuver upstage 
 dwarf hijack commandeer usurp grab snatch muscle elbow shove bulldoze ram cram rubber-stamp
whitewash sanitize airbrush gloss glorify romanticize lionize idolize deify vilify caricature
trivialize belittle    snub stiff-arm spurn slight
ram railroad bulldoze steamroll strong-arm bully coerce badger hound harass intimidate torpedo sabotage
derail scuttle gut wreck cripple hobble hamstring undermine erode skyrocket plummet balloon pounce
exploit pander grandstand posture politicize weaponize stoke inflame unleash muzzle censor purge
cave capitulate buckle crumble scramble squirm flail flounder falter bungle botch fumble blunder flub
meddle collude connive rig swindle dupe hoodwink mislead deceive distort fabricate concoct whitewash
exaggerate overreach overstep flout snub spurn rebuff shun lure dangle bribe squander splurge lavish
bankroll coddle pummel batter bludgeon clobber trounce rout thrash drub humiliate disgrace taint tarnish
sully plague haunt beset engulf roil rattle jolt stun shock stagger outrage enrage infuriate incense
terrify spook hijack flop orchestrate mastermind degenerate spiral unravel implode
 hog gobble grill hammer slap smack swat dump ditch axe nix scrap trash roast
bombard pummel lurch tout tear
""".split())

# verb lemma, particle
PHRASAL_VERBS = frozenset(tuple(p.split()) for p in """
lash out|double down|cave in|back down|hit back|fire back|hit out|lay into|tear into|rip into|beat up|
walk back|water down|gloss over|paper over|pile on|play down|talk up|trump up|whip up|
cook up|cover up|dig in|shout down|cozy up|suck up|butter up|rail against|
lash back|push around|shrug off|brush off|laugh off|tamp down|
stir up|drum up|chicken out|sell out|freak out
""".replace("\n", "").split("|") if p.strip())

# Idioms whose figurative sense judges or dramatises an act ("took a swipe at", "poured cold water on",
# "threw him under the bus"): lemma sequences, each word matched by its lemma or its text, so one entry serves
# every inflection ("fan the flame": "fanned the flames"), "*" standing for one word in between ("his", "her",
# "the", a name); the literal sense rarely occurs in news (idioms whose literal sense is common there are
# left out: "take a shot", a vaccine; "hold hostage"; "red meat"; "hot water"). Nouns of two words that label
# ("power grab", "witch hunt") are here too, the hyphenated forms being single words above.
IDIOMS = frozenset(tuple(p.split()) for p in """
take aim|take a swipe|take a jab|take a potshot|take a dig|take a beating|take the bait|
take to task|take the gloves off|waste no time|lose no time|pour cold water|throw cold water|
fan the flame|stoke the flame|stoke fear|add fuel|fuel the fire|
pour fuel|pour gasoline|dig in * heel|dig * heel in|dig * own grave|champ at the bit|chomp at the bit|
throw * under the bus|go on the attack|go on the offensive|go nuclear|go rogue|sound the alarm|
ring alarm bell|raise eyebrow|raise hackle|ruffle feather|cry foul|cry wolf|drag * foot|pass the buck|
muddy the water|move the goalpost|play the victim|play the race card|
play politics|play hardball|turn a blind eye|bury * head|come under fire|draw fire|draw ire|draw the ire|
spark outrage|spark a backlash|spark a firestorm|spark an uproar|blow up in * face|jump the gun|
jump on the bandwagon|lay down the law|twist * arm|point the finger|point finger|sweep under the rug|
sweep under the carpet|back * into a corner|stab * in the back|drop the ball|fly off the handle|
lose * cool|lose * temper|blow a gasket|give the cold shoulder|pull the plug|shoot * in the foot|
step on * toe|open the floodgate|stack the deck|line * pocket|
feather * nest|bite the hand|poke * in the eye|poke the bear|twist the knife|kick the can|
slap on the wrist|dog whistle|witch hunt|power grab|hit job|hit piece|smear campaign|
slush fund|kangaroo court|fat cat|sacred cow|publicity stunt|political theater|political stunt|
war of words|mud slinging|cheap shot|low blow|knee-jerk reaction|sour grapes|crocodile tear|
pie in the sky|rubber stamp|lip service|tongue lashing|dressing down|
house of card|gravy train|cash cow|pork barrel
""".replace("\n", "").split("|") if p.strip())

JUDGING_ADJECTIVES = frozenset("""
punishing crippling crushing grueling gruelling
racist sexist homophobic hostile aggressive partisan supposed purported questionable misleading bold brave
sweeping remarkable strange odd ambitious
mammoth monumental titanic seismic earth-shattering record-breaking sky-high rock-bottom paltry
measly meager meagre scant puny negligible minuscule laughably pitiful pathetic    woeful
miserable abysmal dismal lousy shoddy shabby second-rate third-rate mediocre lackluster lacklustre
tepid lukewarm half-hearted halfhearted limp flimsy tenuous threadbare bare-bones skimpy irked miffed peeved
rankled galled stung bristling seething fuming steaming apoplectic indignant aggrieved petulant
peevish cranky grumpy sullen surly sour dour morose gloomy glum doleful mournful wistful
leftist left-wing right-wing hard-left hard-right alt-right ultra-liberal ultraliberal ultra-right
socialist communist fascist marxist anti-american unpatriotic un-american jingoistic nativist
isolationist warmongering war-mongering trigger-happy gun-toting gun-grabbing tree-hugging bleeding-heart
pro-abortion anti-choice job-destroying tax-and-spend big-spending free-spending spendthrift
profligate freeloading undeserving lazy greedy grasping avaricious venal mercenary predatory
exploitative rapacious cutthroat heartless callous cruel inhumane barbaric barbarous draconian
oppressive repressive authoritarian autocratic despotic totalitarian dictatorial tyrannical
landmark groundbreaking game-changing trailblazing pioneering transformative breathtaking
awe-inspiring magnificent splendid superb stellar sterling glowing rave stirring rousing soaring
impassioned passionate fiery eloquent masterful deft adroit savvy shrewd canny wily crafty cunning
sly slick smooth-talking glib silver-tongued principled steadfast staunch unwavering unflinching
resolute tireless indefatigable fearless intrepid valiant gallant noble selfless commonsense
common-sense sensible  level-headed clear-eyed hard-nosed no-nonsense straight-talking
tough-talking tough-minded
controversial radical extreme extremist fringe divisive incendiary inflammatory provocative polarizing
far-right far-left hard-line hardline ultraconservative militant zealous fanatical hawkish dovish
unprecedented stunning shocking startling astonishing astounding staggering extraordinary dramatic
massive enormous gigantic colossal whopping draconian brutal vicious savage fierce ferocious furious irate
livid enraged bitter scathing blistering withering searing stinging heated testy contentious acrimonious
nasty ugly bruising embattled beleaguered besieged disgraced notorious infamous embarrassing humiliating
shameful disgraceful despicable deplorable disastrous catastrophic devastating dire grim bleak dismal
alarming troubling disturbing reckless careless irresponsible misguided flawed botched bungled chaotic
messy sloppy haphazard bizarre weird outlandish absurd ridiculous ludicrous laughable preposterous
outrageous appalling egregious atrocious horrific horrendous horrible terrible awful dreadful vile heinous
monstrous evil wicked sinister nefarious blatant flagrant brazen shameless cynical hypocritical
hyperpartisan so-called self-proclaimed self-styled dubious bogus phony sham spurious baseless unfounded
groundless deceptive dishonest disingenuous mendacious crooked shady sleazy seedy tawdry lurid salacious
sordid bigoted xenophobic hateful belligerent defiant unrepentant unapologetic emboldened feeble hapless
inept incompetent clueless bumbling elitist smug arrogant condescending patronizing pompous demagogic
tyrannical heavy-handed high-handed onerous job-killing wasteful bloated extravagant exorbitant
courageous heroic visionary beloved iconic legendary vaunted much-touted much-maligned unhinged crazy
insane hysterical paranoid delusional deranged frantic desperate panicked breathless explosive damning
scandalous sensational chilling ominous menacing sickening disgusting repugnant repulsive insulting
lawless rogue do-nothing lame-duck nagging festering murky shadowy cozy cushy plum lucrative fiery feisty
scrappy rowdy raucous unruly restive toxic poisonous corrosive strident shrill combative pugnacious
bellicose truculent abrasive brash caustic acerbic snide sarcastic sneering dismissive disdainful
contemptuous scornful haughty imperious aloof nonchalant cavalier flippant glib self-righteous
sanctimonious preachy self-serving opportunistic calculating manipulative scheming conniving devious
duplicitous two-faced underhanded unscrupulous ruthless cutthroat power-hungry narcissistic erratic
volatile unstable impulsive rash ill-advised ill-conceived half-baked harebrained hare-brained
wrongheaded boneheaded foolish stupid dumb idiotic moronic silly naive gullible unreliable untrustworthy
disreputable discredited rebellious mutinous fractious feuding warring squabbling
bickering dysfunctional ineffectual toothless spineless gutless cowardly craven timid meek docile
subservient servile obsequious sycophantic fawning slavish rubber-stamp overblown overwrought overheated
hyperbolic alarmist sensationalist fear-mongering over-the-top outsized lopsided one-sided biased
slanted skewed rigged cherry-picked chummy backroom back-room last-ditch feverish frenzied gleeful
jubilant triumphant vindicated chastened sheepish contrite remorseless gaffe-prone scandal-plagued
scandal-ridden ill-fated sheer utter outright downright flat-out crass vulgar crude coarse boorish
brutish thuggish loutish oafish clownish buffoonish cartoonish comical farcical theatrical histrionic
melodramatic blustering bombastic grandiose blowhard appalled aghast incensed
outraged infuriated exasperated flustered rattled shaken stunned humiliated unseemly unsavory
distasteful disgraced hardball cutthroat vitriolic venomous virulent rabid frothing raving
""".split())

JUDGING_ADVERBS = frozenset("""
laughably pathetically woefully miserably abysmally shoddily lamely feebly limply tepidly
halfheartedly half-heartedly indignantly petulantly peevishly sullenly sourly grimly gloomily
proudly gallantly nobly selflessly fearlessly tirelessly resolutely unflinchingly staunchly
shrewdly cannily cunningly slickly glibly eloquently masterfully adroitly savagely cruelly callously
heartlessly greedily lazily cravenly cowardly meekly illegally unlawfully illegitimately
angrily furiously bitterly fiercely harshly sternly scathingly sarcastically mockingly defiantly brazenly
blatantly flagrantly shamelessly cynically conveniently conspicuously suspiciously curiously oddly
strangely bizarrely absurdly ridiculously outrageously shockingly stunningly astonishingly staggeringly
remarkably dramatically drastically wildly vastly hugely massively enormously grossly gravely badly
desperately frantically hastily hurriedly stealthily surreptitiously furtively aggressively forcefully
vigorously vehemently adamantly stubbornly endlessly relentlessly flatly bluntly baldly wrongly
misleadingly dishonestly supposedly purportedly ostensibly obviously evidently plainly undoubtedly
undeniably unsurprisingly predictably ironically tellingly notoriously infamously embarrassingly
humiliatingly disastrously recklessly carelessly irresponsibly clumsily awkwardly ham-handedly
heavy-handedly needlessly pointlessly merely simply hardly barely scarcely utterly thoroughly incredibly
terribly awfully horribly stiffly nervously smugly coldly icily tersely curtly testily pointedly snidely
wryly gleefully boastfully triumphantly grudgingly begrudgingly sheepishly meekly timidly defensively
emphatically passionately tearfully dismissively contemptuously scornfully disdainfully pityingly
condescendingly haughtily arrogantly coyly slyly craftily deftly brilliantly boldly bravely
courageously heroically valiantly steadfastly staunchly doggedly zealously ardently fervently overly
excessively unduly outright downright
""".split())

JUDGING_NOUNS = frozenset("""
rabble-rouser gadfly maverick loose-cannon crank kook  wacko loon crackpot fanatic bigot
misogynist fascist leftist socialist communist marxist radicals snowflake rino sellout turncoat
traitor quisling collaborator lapdog attack-dog pit-bull hatchet-man henchmen goons thugs mobsters
cabal clique junta   racket scam swindle   heist rip-off ripoff shakedown
extortion blackmail bribery payola sweetheart backroom slap repudiation rebuke comeuppance
black-eye body-blow humiliation climbdown u-turn about-face flip-flop backtrack capitulation
  rout  implosion meltdown bloodbath carnage massacre slaughter
mayhem havoc pandemonium bedlam anarchy lawlessness illegals aliens  handouts entitlements
freebies giveaways welfare-queen job-creators death-tax fat-cats fat-cat plutocrats oligarchs
cronies elites establishment swamp deep-state witch-hunt hit-piece fake-news propaganda
indoctrination brainwashing groupthink orthodoxy dogma zealotry extremism radicalism fanaticism
bigotry racism sexism misogyny xenophobia nativism jingoism demagoguery cowardice gutlessness
spinelessness incompetence ineptitude stupidity idiocy folly lunacy madness insanity absurdity
nonsense drivel claptrap hogwash balderdash baloney malarkey rubbish  
scandal controversy debacle fiasco disaster catastrophe calamity chaos mess meltdown firestorm uproar
outcry backlash furor furore outrage feud spat squabble brawl showdown crusade vendetta witch-hunt hoax
propaganda tirade rant screed diatribe harangue broadside onslaught barrage blitz assault gaffe blunder
misstep flap stunt ploy scheme gimmick charade sham farce travesty mockery boondoggle handout giveaway
slush pork overreach cronyism nepotism graft kickback payoff thug thuggery puppet henchman crony stooge
lackey minion zealot extremist ideologue firebrand hardliner agitator demagogue provocateur mob horde
loophole power-grab gall audacity temerity arrogance hypocrisy hypocrite liar falsehood smear slur jab
swipe potshot salvo zinger dressing-down tongue-lashing humiliation embarrassment disgrace drubbing
trouncing bombshell headache nightmare quagmire morass woes plight ordeal saga circus spectacle
tantrum hysteria paranoia fearmongering fear-mongering scaremongering demagoguery pandering grandstanding
posturing hit-job payback retribution revenge grudge outburst polemic jeremiad bluster bombast hyperbole
theatrics histrionics antics shenanigans skulduggery chicanery trickery deceit subterfuge ruse gambit
smokescreen whitewash cover-up hatchet sellout betrayal treachery backstabbing infighting bickering
turmoil disarray dysfunction gridlock shambles free-for-all frenzy rampage spree binge splurge windfall
bonanza largesse freebie blowhard braggart bully crook swindler  charlatan huckster shill
propagandist apologist mouthpiece cheerleader crony
""".split())

_BY_POS = {
    "VERB": SAYING_VERBS | ACTION_VERBS,
    "ADJ": JUDGING_ADJECTIVES,
    "ADV": JUDGING_ADVERBS,
    "NOUN": JUDGING_NOUNS,
}


# parts of speech the small tagger gives adjectives it does not know ("nonchalant" as a noun)
_TAGGED_FOR_ADJECTIVE = {"NOUN", "ADP", "X"}


def is_loaded(lemma: str, pos: str, text: str = "") -> bool:
    """Whether a word is loaded: its lemma (or, for words the lemmatizer leaves alone, its lower-case
    ``text``) is in the group of its universal part of speech ``pos``; a participle used as an
    adjective ("stinging", "disgraced") is read as an adjective too, and an "-ly" adverb of the list
    whatever the tagger calls it."""
    if text.endswith("ly") and text in JUDGING_ADVERBS:
        return True
    if "-" in text or pos in _TAGGED_FOR_ADJECTIVE:  # compounds and adjectives the tagger calls otherwise ("last-ditch")
        if text in JUDGING_ADJECTIVES or (pos not in _BY_POS and any(text in group for group in _BY_POS.values())):
            return True
    group = _BY_POS.get(pos)
    if group is None:
        return False
    if lemma in group or (text and text in group):
        return True
    return pos == "VERB" and bool(text) and text in JUDGING_ADJECTIVES


def is_loaded_phrasal(verb_lemma: str, particle: str) -> bool:
    """Whether a verb with its particle ("lash" + "out") is loaded."""
    return (verb_lemma, particle) in PHRASAL_VERBS


def _idioms_by_first() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for idiom in sorted(IDIOMS, key=lambda i: (-len(i), i)):  # longest first; in one order in every process
        out.setdefault(idiom[0], []).append(idiom)
    return out


IDIOMS_BY_FIRST = _idioms_by_first()


def match_idiom(lemmas: list[str], texts: list[str], at: int) -> tuple[tuple[str, ...], int] | None:
    """The longest idiom starting at word ``at`` (each word matched by its lemma or its lower-case text,
    "*" by any one word; an empty text is punctuation and matches nothing) and the number of words it
    covers, else None."""
    for first in dict.fromkeys((lemmas[at], texts[at])):
        for idiom in IDIOMS_BY_FIRST.get(first, ()):
            end = at + len(idiom)
            if end <= len(lemmas) and all((p == "*" and texts[k]) or p == lemmas[k] or p == texts[k]
                                          for p, k in zip(idiom[1:], range(at + 1, end))):
                return idiom, len(idiom)
    return None
