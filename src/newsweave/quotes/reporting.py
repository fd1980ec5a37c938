"""Reporting verbs (lemmas): the verbs that introduce someone's words; shared by quote finding and speaker
resolution, so neither imports the other for them."""

REPORTING = {
    "say", "tell", "write", "tweet", "add", "warn", "claim", "insist", "argue", "explain", "note", "state", "announce",
    "declare", "report", "reply", "respond", "answer", "ask", "continue", "conclude", "admit", "acknowledge",
    "confirm", "deny", "suggest", "predict", "promise", "vow", "urge", "describe", "complain", "recall", "remark",
    "comment", "observe", "emphasize", "emphasise", "stress", "quip", "joke", "shout", "yell", "scream", "whisper",
    "post", "testify", "assert", "contend", "maintain", "allege", "accuse", "boast", "lament", "caution", "counter",
    "retort", "concede", "agree", "demand", "reveal", "disclose", "indicate", "brag", "mutter", "exclaim", "sing",
    "read", "blast", "slam", "charge", "recount", "predict", "wonder", "tout", "call", "thunder", "fume", "snap",
    "plead", "beg", "advise", "order", "command", "instruct", "inform", "assure", "reassure", "complain", "hint",
    "summarize", "summarise", "elaborate", "ponder", "muse", "dispute",
}
