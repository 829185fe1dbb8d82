"""The commands of the command line, one module each (plan, checkin, history, forget, close,
check_rules), each with a `run(args) -> int`. wizard/cli.py reads the command line and imports
the one module the command needs, so that a command loads only what it uses.

Shared by them: errors (the exceptions that cli.main turns into exit codes), common (--now,
--rules and the rule set), inputs (--answers and --waking), storage (the history), and the
writers of the files some commands write on request: pdf_file (Qt's QtGui) and ics_file
(icalendar), imported only when --pdf or --ics is given.
"""
