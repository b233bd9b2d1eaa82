"""Case managers' pages: the queue, a case and the team dashboard (`cases`), one page per
thing done to a case (`actions`), and the proactive calls from seized target lists
(`calls`). Views parse input, call one service or selector, and render."""
